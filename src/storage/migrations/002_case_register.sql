-- The case register: the `cases` projection extended for browsing, the
-- perpetrator register, and full-text search over the cases.
--
-- Everything here is a projection of the events, kept in the same
-- transaction as the event that changes it (src/storage/project.rs).
--
-- The status CHECK of migration 1 already admits the CaseStatus keys
-- ('open', 'in-behandeling', 'afgesloten') next to 'live', and the origin
-- CHECK admits 'intake', so `cases` is extended in place: no table rebuild,
-- and the foreign keys from `events` stay as they are.

ALTER TABLE cases ADD COLUMN occurred_at  TEXT NOT NULL DEFAULT '';  -- RFC 3339, local, with offset
ALTER TABLE cases ADD COLUMN occurred_utc TEXT NOT NULL DEFAULT '';  -- RFC 3339, UTC, ms: sorts as text
ALTER TABLE cases ADD COLUMN channel      TEXT;                      -- Channel key; NULL for live cases
ALTER TABLE cases ADD COLUMN victim_role  TEXT;                      -- VictimRole key; NULL until known
ALTER TABLE cases ADD COLUMN victim_name  TEXT;
ALTER TABLE cases ADD COLUMN updated_at   TEXT NOT NULL DEFAULT '';  -- local time of the newest event of the case
ALTER TABLE cases ADD COLUMN next_step    TEXT;                      -- filled from the case-file rules
ALTER TABLE cases ADD COLUMN next_due_utc TEXT;                      -- RFC 3339, UTC, ms

-- Cases of an existing register all come from the live console: they
-- happened when their disturbance started.
UPDATE cases SET
    occurred_at  = opened_at,
    occurred_utc = strftime('%Y-%m-%dT%H:%M:%fZ', opened_at),
    updated_at   = COALESCE(
        (SELECT e.at_local FROM events e WHERE e.case_id = cases.id ORDER BY e.seq DESC LIMIT 1),
        opened_at);

-- The child side of the deferred key cases.opened_seq -> events(seq): with a
-- deferred foreign key SQLite looks up the children of every new event, and
-- without this index that is a scan of all cases per event appended.
CREATE UNIQUE INDEX cases_by_opened_seq ON cases(opened_seq);

-- Every filter and sort of the case list (src/storage/register.rs). The year
-- filter is a range on occurred_utc, so each filter index also serves it.
CREATE INDEX cases_by_occurred ON cases(occurred_utc);
CREATE INDEX cases_by_status   ON cases(status, occurred_utc);
CREATE INDEX cases_by_category ON cases(category, occurred_utc);
CREATE INDEX cases_by_role     ON cases(victim_role, occurred_utc);
CREATE INDEX cases_by_channel  ON cases(channel, occurred_utc);
-- Urgency: due date ascending, cases without one last, then newest first.
CREATE INDEX cases_by_urgency ON cases(next_due_utc IS NULL, next_due_utc, occurred_utc DESC, id DESC);
CREATE INDEX cases_by_status_urgency
    ON cases(status, next_due_utc IS NULL, next_due_utc, occurred_utc DESC, id DESC);

-- The perpetrator register. Its id is the seq of `perpetrator-registered`.
CREATE TABLE perpetrators (
    id            INTEGER PRIMARY KEY REFERENCES events(seq),
    kind          TEXT NOT NULL,     -- PerpetratorKind key
    description   TEXT NOT NULL,
    name          TEXT NOT NULL,     -- '' when not known
    registered_at TEXT NOT NULL
) STRICT;

CREATE TABLE case_perpetrators (
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    perpetrator_id INTEGER NOT NULL REFERENCES perpetrators(id),
    linked_seq     INTEGER NOT NULL REFERENCES events(seq),
    PRIMARY KEY (case_id, perpetrator_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX case_perpetrators_by_perpetrator ON case_perpetrators(perpetrator_id, case_id);

-- Full-text search, one row per case (rowid = case id). Contentless: the
-- text is not stored twice, it is rebuilt from the events (what happened,
-- place, notes), the victim's name and the linked perpetrators whenever one
-- of them changes. A payload erased by a retention purge drops out of the
-- index at the next rebuild. `remove_diacritics 2` lets `ozdemir` find
-- `Özdemir`; the prefix indexes keep one- to three-letter prefixes (search
-- while typing) as fast as whole words.
CREATE VIRTUAL TABLE case_text USING fts5(
    what, place, victim, notes, perpetrators,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

CREATE VIRTUAL TABLE perpetrator_text USING fts5(
    description, name,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);

INSERT INTO case_text (rowid, what, place, victim, notes, perpetrators)
SELECT c.id,
       (SELECT group_concat(
                   CASE WHEN e.kind = 'disturbance-started' THEN json_extract(e.payload, '$.description') END,
                   ' ')
          FROM events e WHERE e.case_id = c.id),
       (SELECT group_concat(
                   CASE WHEN e.kind = 'disturbance-started' THEN json_extract(e.payload, '$.place') END,
                   ' ')
          FROM events e WHERE e.case_id = c.id),
       c.victim_name,
       (SELECT group_concat(
                   CASE WHEN e.kind = 'note' THEN json_extract(e.payload, '$.text') END,
                   ' ')
          FROM events e WHERE e.case_id = c.id),
       NULL
  FROM cases c;
