-- Off-site WAL: per cluster target and off-site location, how far the location's copy of the WAL
-- archive is behind the primary's, as the worker's WAL copier last found it. The objects are the
-- truth (the copier compares the two listings); this row is what status and metrics read.
CREATE TABLE wal_copies (
    target             text        NOT NULL,
    location           text        NOT NULL,
    -- files archived in the primary and not (yet) intact at the location; -1: not known yet
    pending            integer     NOT NULL,
    -- when the oldest of them was archived in the primary; null when none is pending
    oldest_pending_at  timestamptz,
    -- the newest file intact at the location; null before the first
    newest_copied      text,
    checked_at         timestamptz NOT NULL,
    -- why the last pass failed; null when it succeeded
    error              text,
    PRIMARY KEY (target, location)
);
