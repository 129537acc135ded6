package io.lifeboat.workflows.cluster;

import java.time.Instant;

/**
 * The base backup a recovery starts from and what the archive holds after it.
 *
 * @param backupEndedAt when the base backup was complete: the earliest time it can recover to
 * @param firstSegment the first WAL segment the base backup needs
 * @param lastSegment the newest archived segment the recovery can replay
 * @param lastArchivedAt when the newest archived file was stored
 */
public record RecoveryPlan(String backupId, Instant backupEndedAt, String backupEndLsn, String firstSegment,
    String lastSegment, Instant lastArchivedAt, long rpoObjectiveMillis, long rtoObjectiveMillis) {}
