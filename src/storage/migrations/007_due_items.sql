-- The due items of every case (issue 9): derived from its events by the
-- domain's deadline rules and the terms of municipal practice in
-- `due_terms`, rewritten in the write transaction of every event of the
-- case. Only what is still to be done (not done, not declined). A
-- projection: rebuilt from the events when the terms change.
CREATE TABLE IF NOT EXISTS due_items (
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    key            TEXT    NOT NULL,  -- DeadlineKind::key, stable within the case
    label          TEXT    NOT NULL,  -- Dutch, never a name
    section        TEXT    NOT NULL,  -- where the case file shows it
    from_utc       TEXT    NOT NULL,  -- to be done from (RFC 3339 UTC, ms)
    late_utc       TEXT    NOT NULL,  -- late after
    basis          TEXT    NOT NULL,  -- why this term, '' when fixed
    reminders      TEXT    NOT NULL,  -- moments to remind (UTC, ms), space-separated
    outlives_case  INTEGER NOT NULL,  -- a ban's reminders show after closing
    nudge          INTEGER NOT NULL,  -- shown only once due
    case_closed    INTEGER NOT NULL,  -- its case is closed (then only a ban's rows)
    -- Stored in the order the board reads: most urgent first.
    PRIMARY KEY (late_utc, case_id, key)
) STRICT, WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS due_items_by_case ON due_items(case_id);

-- The terms the rows above were computed with (one row, JSON).
CREATE TABLE IF NOT EXISTS due_terms (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    terms TEXT NOT NULL
) STRICT;
