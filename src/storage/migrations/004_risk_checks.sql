-- The risk checks of §4.2 are read back when a session is opened (to offer
-- them) and when the console starts (for the header of the session prepared
-- with one). A partial index holds only those events, so finding them costs
-- the same at a thousand events as at a million, and appending any other
-- event does not touch it.

CREATE INDEX events_risk_checks ON events(seq) WHERE kind = 'risk-check-recorded';
