package io.lifeboat.workflows.restore;

import io.lifeboat.workflows.replication.ReadSource;
import java.time.Instant;

/**
 * A finished restore with the recovery objectives it achieved.
 *
 * @param readFrom the primary bucket, or the off-site copy read because the primary was
 *     unavailable, incomplete or corrupt
 */
public record RestoreResult(
    String backupId,
    String database,
    String safetyBackupId,
    Instant recoveryPoint,
    Instant incidentAt,
    Instant completedAt,
    long achievedRpoMillis,
    long achievedRtoMillis,
    long rpoObjectiveMillis,
    long rtoObjectiveMillis,
    ReadSource readFrom) {

  public boolean rpoMet() {
    return achievedRpoMillis <= rpoObjectiveMillis;
  }

  public boolean rtoMet() {
    return achievedRtoMillis <= rtoObjectiveMillis;
  }
}
