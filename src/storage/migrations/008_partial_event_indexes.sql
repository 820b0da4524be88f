-- The events are looked up by meeting only for a meeting's events, and by
-- case only for a case's events (`meeting_id = ?`, `case_id = ?`, which
-- SQLite knows imply NOT NULL). Most events of a register belong to no
-- meeting (a case handled at the desk), and the steps of a meeting that
-- are not a disturbance's (the meeting's start and end, suspension,
-- livestream) belong to no case: their entries in these indexes were never
-- read, yet each was one more page to write, encrypt and authenticate in
-- the commit that added it (issue 11: pages per commit).
DROP INDEX events_by_meeting;
CREATE INDEX events_by_meeting ON events(meeting_id, seq) WHERE meeting_id IS NOT NULL;
DROP INDEX events_by_case;
CREATE INDEX events_by_case ON events(case_id, seq) WHERE case_id IS NOT NULL;
