-- Conditions the watch and the runs' checks follow (a scratch disk filling up, off-site copies
-- behind): the level last raised and its dedup key, so one crossing is notified once until it
-- recovers. A row with notified = false still has something to deliver: the trigger of
-- dedup_key (when severity is set) and the resolve of resolve_key (when set).
CREATE TABLE watch_conditions (
    condition         text        PRIMARY KEY,
    event             text        NOT NULL,
    target            text,
    -- null: the condition recovered, its resolve still to deliver
    severity          text,
    dedup_key         text,
    resolve_key       text,
    resolve_severity  text,
    notified          boolean     NOT NULL,
    since             timestamptz NOT NULL
);

-- Notification deliveries that failed and have not succeeded since: one row per channel and
-- event (dedup key), the latest error (named by channel, never its URL) and how often it failed.
CREATE TABLE notification_failures (
    channel           text        NOT NULL,
    dedup_key         text        NOT NULL,
    event             text        NOT NULL,
    severity          text        NOT NULL,
    target            text,
    attempts          integer     NOT NULL,
    first_failed_at   timestamptz NOT NULL,
    last_failed_at    timestamptz NOT NULL,
    error             text        NOT NULL,
    PRIMARY KEY (channel, dedup_key)
);
CREATE INDEX notification_failures_last ON notification_failures (last_failed_at DESC);
