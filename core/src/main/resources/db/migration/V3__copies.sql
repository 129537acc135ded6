-- The backup lifecycle (issue 5): retention, holds, Object Lock, and off-site copies.

-- DELETING: retention began deleting the backup's objects (manifest first) and has not finished;
-- such a backup is never offered for restore, and the next retention run finishes the deletion.
ALTER TABLE backups DROP CONSTRAINT backups_status_check;
ALTER TABLE backups ADD CONSTRAINT backups_status_check
    CHECK (status IN ('COMPLETED', 'FAILED', 'DELETING', 'DELETED'));

-- Neither comes from the manifest, so a re-upsert of the same backup (catalog rebuild) keeps them.
ALTER TABLE backups ADD COLUMN legal_hold   boolean     NOT NULL DEFAULT false;
-- When the S3 Object Lock retention of the backup's objects ends; null when they have none.
ALTER TABLE backups ADD COLUMN locked_until timestamptz;
ALTER TABLE backups ADD COLUMN deleted_at   timestamptz;

-- One row per backup per off-site location (a name under storage.copies in the configuration).
-- The copy's objects have the same keys relative to the location's prefix as in the primary.
CREATE TABLE backup_copies (
    backup_id    text        NOT NULL,
    location     text        NOT NULL,
    bucket       text        NOT NULL,
    manifest_key text        NOT NULL,
    -- COPIED: every object copied and its SHA-256 checked against the manifest;
    -- CORRUPT: a later check found an object missing or with another SHA-256
    status       text        NOT NULL CHECK (status IN ('COPIED', 'CORRUPT', 'DELETED')),
    copied_at    timestamptz NOT NULL,
    checked_at   timestamptz NOT NULL,
    error        text,
    PRIMARY KEY (backup_id, location)
);

CREATE INDEX backup_copies_location ON backup_copies (location, copied_at DESC);
