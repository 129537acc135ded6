package io.lifeboat.workflows.backup;

import io.lifeboat.workflows.common.RunStatus;
import io.lifeboat.workflows.common.RunType;
import io.temporal.activity.ActivityInterface;
import java.time.Instant;

/** Writes to the catalog (the index of the bucket). Every method is an idempotent upsert. */
@ActivityInterface
public interface CatalogActivities {
  /** Indexes a backup from its manifest in storage. */
  void recordBackup(String manifestKey);

  void markVerified(String backupId, Instant verifiedAt);

  void recordRun(RunRecord run);

  /** One run as the catalog keeps it. Durations in milliseconds; null when not applicable. */
  record RunRecord(
      String workflowId,
      String runId,
      RunType type,
      String target,
      String backupId,
      RunStatus status,
      Instant startedAt,
      Instant endedAt,
      Long achievedRpoMillis,
      Long achievedRtoMillis,
      Long rpoObjectiveMillis,
      Long rtoObjectiveMillis,
      String requestedBy,
      String reason,
      String error) {}
}
