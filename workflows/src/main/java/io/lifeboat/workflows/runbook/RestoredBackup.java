package io.lifeboat.workflows.runbook;

import java.time.Instant;

/**
 * A backup a run's restore step restored, with the objectives of its target.
 *
 * @param restoredAt when the restore step ended
 */
public record RestoredBackup(String step, String target, String backupId, Instant recoveryPoint,
    long rpoObjectiveMillis, long rtoObjectiveMillis, Instant restoredAt, String destination) {}
