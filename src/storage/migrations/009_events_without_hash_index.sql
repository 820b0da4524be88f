-- The events table without SQLite's unique index on `hash` (issue 11: pages
-- per commit). Nothing looks an event up by its hash: the chain is checked
-- by seq, and each hash covers its own seq and the hash before it
-- (src/domain/chain.rs), so two events with one hash would need two
-- different inputs with one SHA-256. The index was never read, yet every
-- event wrote an entry into it at a random place: one page more to write,
-- encrypt and authenticate in the commit of each step.
--
-- SQLite cannot drop the index of a column's UNIQUE, so the table is made
-- again as SQLite describes for schema changes it has no ALTER for: the same
-- columns in the same order, every row copied unchanged (seq, hashes,
-- payloads, salts), the old table dropped and the new one renamed; then its
-- indexes as the migrations before made them (001, 004, 008) and the
-- append-only guards (below). `verify` checks the copied chain like any other.
-- The migration runs with foreign keys off (src/storage/migrate.rs): the
-- drop would otherwise find the rows that refer to events; the rows are the
-- same before and after, so every reference still holds.

CREATE TABLE events_9 (
    seq            INTEGER PRIMARY KEY,
    at_local       TEXT    NOT NULL,
    at_utc         TEXT    NOT NULL,
    actor          TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    meeting_id     INTEGER REFERENCES events(seq),
    case_id        INTEGER REFERENCES cases(id),
    corrects       INTEGER REFERENCES events(seq),
    payload        TEXT,
    payload_digest BLOB    NOT NULL CHECK (length(payload_digest) = 32),
    prev_hash      BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash           BLOB    NOT NULL CHECK (length(hash) = 32),
    chain          INTEGER NOT NULL DEFAULT 1 CHECK (chain IN (1, 2)),
    committed_utc  TEXT,
    salt           BLOB    CHECK (salt IS NULL OR length(salt) = 32)
) STRICT;

INSERT INTO events_9 (seq, at_local, at_utc, actor, kind, meeting_id, case_id, corrects,
                      payload, payload_digest, prev_hash, hash, chain, committed_utc, salt)
SELECT seq, at_local, at_utc, actor, kind, meeting_id, case_id, corrects,
       payload, payload_digest, prev_hash, hash, chain, committed_utc, salt
  FROM events ORDER BY seq;

DROP TABLE events;
ALTER TABLE events_9 RENAME TO events;

CREATE INDEX events_by_meeting ON events(meeting_id, seq) WHERE meeting_id IS NOT NULL;
CREATE INDEX events_by_case ON events(case_id, seq) WHERE case_id IS NOT NULL;
CREATE INDEX events_by_corrects ON events(corrects) WHERE corrects IS NOT NULL;
CREATE INDEX events_risk_checks ON events(seq) WHERE kind = 'risk-check-recorded';

-- The append-only guards, dropped with the old table, are made again in the
-- same transaction right after this step from src/storage/guards.rs, the one
-- place that holds their text (src/storage/migrate.rs: `GUARDS_AGAIN_AFTER`).
