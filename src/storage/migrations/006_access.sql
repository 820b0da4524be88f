-- Who may see which case, and the access log (domain::access).
--
-- `cases.visible` is the case's reporting route of §6.1 as a bitmask of the
-- roles that receive it (1 griffie, 2 gemeentesecretaris/P&O, 4 kabinet),
-- derived from the victim's role (a live case without a victim yet: the
-- griffie). The case list filters on `visible IN (…)`, with an index, so a
-- role's list costs what the whole list cost before. `opened_by` is the
-- identity that logged a live case: the chair's aide sees it until
-- `handed_over`.

ALTER TABLE cases ADD COLUMN visible     INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN opened_by   TEXT;
ALTER TABLE cases ADD COLUMN handed_over INTEGER NOT NULL DEFAULT 0;

UPDATE cases SET visible = CASE victim_role
    WHEN 'raadslid'      THEN 5
    WHEN 'fractievolger' THEN 5
    WHEN 'wethouder'     THEN 6
    WHEN 'burgemeester'  THEN 3
    WHEN 'ambtenaar'     THEN 2
    ELSE 1 END;

CREATE INDEX cases_by_visible ON cases(visible, occurred_utc);

-- The filter and sort indexes of migration 2 end in `visible` now: a
-- viewer's count is answered from the index alone, and a list checks the
-- route without reading the rows it skips. Same names, same order (the id,
-- implicit before, is named so that `visible` can come after it).
DROP INDEX cases_by_occurred;
DROP INDEX cases_by_status;
DROP INDEX cases_by_category;
DROP INDEX cases_by_role;
DROP INDEX cases_by_channel;
DROP INDEX cases_by_urgency;
DROP INDEX cases_by_status_urgency;
CREATE INDEX cases_by_occurred ON cases(occurred_utc, id, visible);
CREATE INDEX cases_by_status   ON cases(status, occurred_utc, id, visible);
CREATE INDEX cases_by_category ON cases(category, occurred_utc, id, visible);
CREATE INDEX cases_by_role     ON cases(victim_role, occurred_utc, id, visible);
CREATE INDEX cases_by_channel  ON cases(channel, occurred_utc, id, visible);
CREATE INDEX cases_by_urgency ON cases(next_due_utc IS NULL, next_due_utc, occurred_utc DESC, id DESC, visible);
CREATE INDEX cases_by_status_urgency
    ON cases(status, next_due_utc IS NULL, next_due_utc, occurred_utc DESC, id DESC, visible);
CREATE INDEX cases_by_opener ON cases(opened_by) WHERE opened_by IS NOT NULL;

-- The roles each identity (operating-system account) holds now.
CREATE TABLE identity_roles (
    identity    TEXT NOT NULL,
    role        TEXT NOT NULL,     -- Role key
    granted_seq INTEGER NOT NULL REFERENCES events(seq),
    PRIMARY KEY (identity, role)
) STRICT, WITHOUT ROWID;

-- An identity that is a person in the register: the victim of a case
-- (kind 'victim', target = case id) or a registered perpetrator (kind
-- 'perpetrator', target = perpetrator id). Their cases are hidden from it.
CREATE TABLE identity_links (
    identity   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    target     INTEGER NOT NULL,
    linked_seq INTEGER NOT NULL REFERENCES events(seq),
    PRIMARY KEY (identity, kind, target)
) STRICT, WITHOUT ROWID;

-- The access log: one row per `access-logged` event.
CREATE TABLE access_log (
    seq      INTEGER PRIMARY KEY REFERENCES events(seq),
    at_local TEXT NOT NULL,
    identity TEXT NOT NULL,
    what     TEXT NOT NULL,        -- AccessKind key
    case_id  INTEGER,
    scope    TEXT NOT NULL
) STRICT;

CREATE INDEX access_log_by_case ON access_log(case_id, seq) WHERE case_id IS NOT NULL;
CREATE INDEX access_log_by_identity ON access_log(identity, seq);
