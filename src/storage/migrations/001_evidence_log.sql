-- The evidence log and the first projections.
--
-- `events` is the truth: append-only, hash-chained (see src/domain/chain.rs).
-- `meetings` and `cases` are projections kept in the same transaction as the
-- event that changes them; they can be rebuilt from the events.

CREATE TABLE events (
    seq            INTEGER PRIMARY KEY,
    at_local       TEXT    NOT NULL,  -- RFC 3339, Europe/Amsterdam, with offset
    at_utc         TEXT    NOT NULL,  -- RFC 3339, UTC
    actor          TEXT    NOT NULL,  -- profile name of who logged it
    kind           TEXT    NOT NULL,
    meeting_id     INTEGER REFERENCES events(seq),
    case_id        INTEGER REFERENCES cases(id),
    corrects       INTEGER REFERENCES events(seq),
    payload        TEXT,              -- canonical JSON; may be erased by a retention purge
    payload_digest BLOB    NOT NULL CHECK (length(payload_digest) = 32),
    prev_hash      BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash           BLOB    NOT NULL UNIQUE CHECK (length(hash) = 32)
) STRICT;

CREATE INDEX events_by_meeting ON events(meeting_id, seq);
CREATE INDEX events_by_case ON events(case_id, seq);
CREATE INDEX events_by_corrects ON events(corrects) WHERE corrects IS NOT NULL;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'gebeurtenissen zijn onveranderlijk: corrigeer met een nieuwe gebeurtenis');
END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'gebeurtenissen kunnen niet worden verwijderd');
END;

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY REFERENCES events(seq),  -- seq of meeting-started
    meeting_type TEXT NOT NULL,
    title        TEXT NOT NULL,
    chair        TEXT NOT NULL,
    location     TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    ended_at     TEXT
) STRICT;

CREATE INDEX meetings_open ON meetings(id) WHERE ended_at IS NULL;

CREATE TABLE cases (
    id         INTEGER PRIMARY KEY,
    number     TEXT    NOT NULL UNIQUE,      -- e.g. 2026-0007
    year       INTEGER NOT NULL,
    year_seq   INTEGER NOT NULL,
    origin     TEXT    NOT NULL CHECK (origin IN ('live', 'intake')),
    meeting_id INTEGER REFERENCES meetings(id),
    opened_seq INTEGER NOT NULL REFERENCES events(seq) DEFERRABLE INITIALLY DEFERRED,
    category   TEXT    NOT NULL,
    opened_at  TEXT    NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('live', 'open', 'in-behandeling', 'afgesloten')),
    UNIQUE (year, year_seq)
) STRICT;
