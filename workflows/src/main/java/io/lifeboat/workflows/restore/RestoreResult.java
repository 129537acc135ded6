package io.lifeboat.workflows.restore;

import java.time.Instant;

/** A finished restore with the recovery objectives it achieved. */
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
    long rtoObjectiveMillis) {

  public boolean rpoMet() {
    return achievedRpoMillis <= rpoObjectiveMillis;
  }

  public boolean rtoMet() {
    return achievedRtoMillis <= rtoObjectiveMillis;
  }
}
