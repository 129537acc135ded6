package io.lifeboat.catalog;

import jakarta.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One workflow run (backup, verification, restore, ...) and what it achieved against the
 * objectives it ran under. Kept in the catalog because the Temporal test server cannot list
 * workflow executions.
 *
 * @param runId {@link #runId(String, String)} of the Temporal workflow id and run id
 * @param achievedRpo for recoveries: incident declared − recovery point restored
 * @param achievedRto for recoveries: service back − incident declared
 */
public record RunEntry(
    String runId,
    Type type,
    @Nullable String target,
    @Nullable String backupId,
    Status status,
    Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable Duration achievedRpo,
    @Nullable Duration achievedRto,
    @Nullable Duration rpoObjective,
    @Nullable Duration rtoObjective,
    @Nullable String requestedBy,
    @Nullable String reason,
    @Nullable String error) {

  public enum Type {
    BACKUP,
    VERIFY,
    RESTORE,
    RUNBOOK,
    DRILL,
    RETENTION,
    REPLICATION,
    LEGAL_HOLD,
    /** The fan-out over a target's tenant schemas; each tenant's backup is a BACKUP run of its own. */
    TENANT_BACKUP
  }

  public enum Status {
    RUNNING,
    COMPLETED,
    FAILED
  }

  public RunEntry {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
  }

  /**
   * The catalog's run id: the business workflow id alone repeats (a retried or reset workflow
   * keeps it), the pair with Temporal's run id does not.
   */
  public static String runId(String workflowId, String temporalRunId) {
    return workflowId + "/" + temporalRunId;
  }
}
