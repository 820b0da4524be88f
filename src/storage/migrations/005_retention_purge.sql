-- Retention purge (src/storage/retention.rs). NOTE for the merge: this file
-- was written beside another branch's migration 5; renumber as needed.
--
-- `purged` is a projection of the `payload-purged` events: every event a
-- committed purge names, with the seq of that purge. The append-only guard
-- on UPDATE lets exactly one change through: the payload and its salt set
-- to NULL, every other column as it was, for an event that a purge in this
-- register names. Anything else is still refused. `verify` still checks
-- every NULL payload against the purge events themselves (not this table),
-- so a row slipped into `purged` by hand does not hide an erase.

CREATE TABLE purged (
    seq       INTEGER PRIMARY KEY,  -- the event whose payload may be erased
    purge_seq INTEGER NOT NULL      -- the payload-purged event that names it
) STRICT;

DROP TRIGGER IF EXISTS events_no_update;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
WHEN NOT (
    NEW.payload IS NULL AND NEW.salt IS NULL
    AND NEW.seq IS OLD.seq AND NEW.at_local IS OLD.at_local AND NEW.at_utc IS OLD.at_utc
    AND NEW.actor IS OLD.actor AND NEW.kind IS OLD.kind
    AND NEW.meeting_id IS OLD.meeting_id AND NEW.case_id IS OLD.case_id
    AND NEW.corrects IS OLD.corrects AND NEW.payload_digest IS OLD.payload_digest
    AND NEW.prev_hash IS OLD.prev_hash AND NEW.hash IS OLD.hash
    AND NEW.chain IS OLD.chain AND NEW.committed_utc IS OLD.committed_utc
    AND EXISTS (SELECT 1 FROM purged WHERE purged.seq = OLD.seq)
)
BEGIN
    SELECT RAISE(ABORT, 'gebeurtenissen zijn onveranderlijk: corrigeer met een nieuwe gebeurtenis');
END;
