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
