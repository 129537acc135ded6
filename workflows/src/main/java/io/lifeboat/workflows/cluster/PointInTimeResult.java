package io.lifeboat.workflows.cluster;

import java.time.Instant;

/**
 * A finished point-in-time recovery.
 *
 * @param recoveryPoint the state the data reflects: the target time, or for an LSN or named
 *     target the last transaction replayed
 * @param achievedRpoMillis from the recovery point to the newest archived WAL: what was left out
 * @param achievedRtoMillis from the incident (or the start) to the server being back
 */
public record PointInTimeResult(String backupId, String dataDirectory, int port, Instant recoveryPoint, String lsn,
    long timeline, Instant lastArchivedAt, Instant incidentAt, Instant completedAt, long achievedRpoMillis,
    long achievedRtoMillis, long rpoObjectiveMillis, long rtoObjectiveMillis) {}
