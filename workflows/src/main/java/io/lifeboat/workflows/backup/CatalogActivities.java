package io.lifeboat.workflows.backup;

import io.lifeboat.workflows.common.RunStatus;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
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
      String error,
      String failureType) {

    /** Not failed, or failed without a failure type to tell. */
    public RunRecord(String workflowId, String runId, RunType type, String target, String backupId, RunStatus status,
        Instant startedAt, Instant endedAt, Long achievedRpoMillis, Long achievedRtoMillis, Long rpoObjectiveMillis,
        Long rtoObjectiveMillis, String requestedBy, String reason, String error) {
      this(workflowId, runId, type, target, backupId, status, startedAt, endedAt, achievedRpoMillis,
          achievedRtoMillis, rpoObjectiveMillis, rtoObjectiveMillis, requestedBy, reason, error, null);
    }

    /**
     * Ended because a person said no, or nobody said yes in time (an approval gate): the run did what
     * it was asked — it changed nothing — and is no failure to page anyone about.
     */
    public boolean notApproved() {
      return status == RunStatus.FAILED && (RunbookWorkflow.APPROVAL_REJECTED.equals(failureType)
          || RunbookWorkflow.APPROVAL_TIMED_OUT.equals(failureType));
    }
  }
}
