-- Drills: rehearsals of a runbook, or of one target's restore, in a scratch environment. The
-- bucket keeps each drill's full report (_lifeboat/drills/<id>/report.json); these rows index it,
-- so `catalog rebuild` re-creates them from the reports.
CREATE TABLE drills (
    drill_id             text        PRIMARY KEY,
    -- the runbook's name, or the target's when of_target
    subject              text        NOT NULL,
    of_target            boolean     NOT NULL,
    started_by           text,
    started_at           timestamptz NOT NULL,
    ended_at             timestamptz,
    -- every step done, every check passed, every objective met
    passed               boolean     NOT NULL,
    verdict              text        NOT NULL,
    achieved_rto_ms      bigint,
    achieved_rpo_ms      bigint,
    rto_objective_ms     bigint,
    rpo_objective_ms     bigint,
    report_key           text        NOT NULL
);

CREATE INDEX drills_started_at ON drills (started_at DESC);

-- The targets a drill restored: several for a runbook's drill, one for a target's. No foreign key
-- to targets: a drill of a target since removed from the configuration stays listed.
CREATE TABLE drill_targets (
    drill_id  text    NOT NULL REFERENCES drills ON DELETE CASCADE,
    target    text    NOT NULL,
    position  integer NOT NULL,
    PRIMARY KEY (drill_id, target)
);

CREATE INDEX drill_targets_target ON drill_targets (target);
