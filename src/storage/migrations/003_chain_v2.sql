-- Chain version 2 (src/domain/chain.rs): every new event carries the moment
-- it was committed next to the moment the key was pressed, and a random salt
-- inside its payload digest.
--
-- The rows already there keep chain version 1: they are verified with the
-- version 1 formula up to the `chain-upgraded` marker event, which the first
-- read-write open after this migration appends (src/storage/mod.rs). Adding
-- columns changes no row, so the append-only triggers are not involved.

ALTER TABLE events ADD COLUMN chain INTEGER NOT NULL DEFAULT 1 CHECK (chain IN (1, 2));
-- RFC 3339, UTC, milliseconds; never earlier than the event before it.
ALTER TABLE events ADD COLUMN committed_utc TEXT;
-- 32 random bytes, inside payload_digest = SHA-256(salt || payload); erased
-- together with the payload by a retention purge.
ALTER TABLE events ADD COLUMN salt BLOB CHECK (salt IS NULL OR length(salt) = 32);
