-- Runs, verifications, copies and the audit trail are written to the bucket too (docs/rebuild.md),
-- so `catalog rebuild` brings them back after the catalog is lost.

-- The audit trail is a hash chain in the bucket: each event's object carries the SHA-256 of the
-- object before it. `sha256` is this event's object's hash, kept here so the next append can chain
-- without reading the bucket. Events from before this migration have none and were never in the bucket.
ALTER TABLE audit ADD COLUMN previous_sha256 text;
ALTER TABLE audit ADD COLUMN sha256 text;

-- The outbox: objects the catalog has recorded but the bucket has not received yet (the bucket
-- was unreachable, or the write just happened). Written in the same transaction as the record
-- itself; flushed in id order, so a later write of the same key wins; a row leaves once written.
CREATE TABLE bucket_writes (
    id         bigserial   PRIMARY KEY,
    -- relative to the storage prefix, e.g. _lifeboat/audit/000000000042.json
    key        text        NOT NULL,
    body       bytea       NOT NULL,
    queued_at  timestamptz NOT NULL DEFAULT now()
);
