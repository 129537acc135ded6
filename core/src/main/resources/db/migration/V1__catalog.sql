-- The catalog: an index of the bucket (which stays the source of truth) plus the history of
-- runs. `catalog rebuild` re-creates `backups` from the manifests; nothing here is the only
-- copy of a backup's facts except verification times and runs.

-- Synced from the configuration at start-up; objectives in milliseconds.
CREATE TABLE targets (
    name       text        PRIMARY KEY,
    kind       text        NOT NULL,
    rpo_ms     bigint      NOT NULL CHECK (rpo_ms > 0),
    rto_ms     bigint      NOT NULL CHECK (rto_ms > 0),
    updated_at timestamptz NOT NULL
);

-- No foreign key to targets: backups of a target removed from the configuration stay listed
-- (and restorable) as long as they are in the bucket.
CREATE TABLE backups (
    backup_id        text        PRIMARY KEY,
    target           text        NOT NULL,
    kind             text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('COMPLETED', 'FAILED', 'DELETED')),
    database         text,
    created_at       timestamptz NOT NULL,
    recovery_point   timestamptz NOT NULL,
    recovery_lsn     text,
    raw_bytes        bigint      NOT NULL,
    stored_bytes     bigint      NOT NULL,
    manifest_key     text        NOT NULL,
    manifest_sha256  text        NOT NULL,
    -- [{name, sha256, rawBytes, storedBytes}] as in the manifest
    objects          jsonb       NOT NULL,
    parent_backup_id text,
    workflow_id      text,
    run_id           text,
    verified_at      timestamptz
);

-- "Latest backup of a target (before a time)", the question every restore starts with.
CREATE INDEX backups_target_recovery_point ON backups (target, recovery_point DESC);

-- run_id is "<workflow id>/<Temporal run id>". The type has no CHECK so a new workflow type
-- needs no migration; statuses are a closed set.
CREATE TABLE runs (
    run_id           text        PRIMARY KEY,
    type             text        NOT NULL,
    target           text,
    backup_id        text,
    status           text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    started_at       timestamptz NOT NULL,
    ended_at         timestamptz,
    achieved_rpo_ms  bigint,
    achieved_rto_ms  bigint,
    rpo_objective_ms bigint,
    rto_objective_ms bigint,
    requested_by     text,
    reason           text,
    error            text
);

CREATE INDEX runs_started_at ON runs (started_at DESC);
