package io.lifeboat.workflows.restore;

import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.sources.Comparison;
import java.time.Instant;

/**
 * A finished restore with the recovery objectives it achieved.
 *
 * @param destination what was restored into ("database shop of target shop", a directory...)
 * @param keptAs where the replaced data still is (asked to keep it, or held for a runbook that may
 *     undo the restore); null when nothing was replaced or it was dropped
 * @param readFrom the primary bucket, or the off-site copy read because the primary was
 *     unavailable, incomplete or corrupt
 * @param checked the restored data compared with what the backup recorded
 */
public record RestoreResult(
    String backupId,
    String destination,
    String safetyBackupId,
    String keptAs,
    Instant recoveryPoint,
    Instant incidentAt,
    Instant completedAt,
    long achievedRpoMillis,
    long achievedRtoMillis,
    long rpoObjectiveMillis,
    long rtoObjectiveMillis,
    ReadSource readFrom,
    Comparison checked) {

  public boolean rpoMet() {
    return achievedRpoMillis <= rpoObjectiveMillis;
  }

  public boolean rtoMet() {
    return achievedRtoMillis <= rtoObjectiveMillis;
  }
}
