-- Who did what to which run: every start and every signal (approve, reject, retry, skip, abort)
-- through the API, refused ones included. Append-only; nothing updates or deletes a row.
CREATE TABLE audit (
    id        bigserial   PRIMARY KEY,
    at        timestamptz NOT NULL,
    principal text        NOT NULL,
    action    text        NOT NULL,
    -- "<workflow id>/<Temporal run id>" when the run exists; a refused start has none
    run_id    text,
    runbook   text,
    step      text,
    reason    text,
    -- ACCEPTED, or why the API refused it (FORBIDDEN, INVALID, ...)
    outcome   text        NOT NULL,
    detail    text
);

CREATE INDEX audit_at ON audit (at DESC);
CREATE INDEX audit_run_id ON audit (run_id);
