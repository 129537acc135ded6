package io.lifeboat.api.temporal;

import io.lifeboat.api.metrics.ApiMetrics;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.cluster.ArchiveCheckWorkflow;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.PointInTimeRestoreWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.retention.RetentionRequest;
import io.lifeboat.workflows.retention.RetentionWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/**
 * Starts Lifeboat's workflows through their interfaces, under business workflow ids. A second
 * start while the first is running is refused ({@link WorkflowExecutionAlreadyStarted}) rather
 * than run twice; once it has ended, the same id may run again.
 */
public final class WorkflowStarter {
  private final WorkflowClient client;
  private final String taskQueue;
  private final ApiMetrics metrics;

  public WorkflowStarter(WorkflowClient client, String taskQueue, ApiMetrics metrics) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.metrics = metrics;
  }

  public RunReference backup(BackupRequest request) {
    BackupWorkflow workflow =
        client.newWorkflowStub(BackupWorkflow.class, options(BackupWorkflow.workflowId(request.target())));
    return started("BACKUP", request.target(), WorkflowClient.start(workflow::backup, request));
  }

  /** {@code target} is the verified backup's target, for the run reference only. */
  public RunReference verify(VerifyRequest request, String target) {
    VerifyWorkflow workflow =
        client.newWorkflowStub(VerifyWorkflow.class, options(VerifyWorkflow.workflowId(request.backupId())));
    return started("VERIFY", target, WorkflowClient.start(workflow::verify, request));
  }

  public RunReference restore(RestoreRequest request) {
    RestoreWorkflow workflow =
        client.newWorkflowStub(
            RestoreWorkflow.class, options(RestoreWorkflow.workflowId(request.target(), request.database())));
    return started("RESTORE", request.target(), WorkflowClient.start(workflow::restore, request));
  }

  /** A point-in-time recovery of a cluster into a new data directory. */
  public RunReference pointInTimeRecovery(PointInTimeRequest request) {
    PointInTimeRestoreWorkflow workflow = client.newWorkflowStub(PointInTimeRestoreWorkflow.class,
        options(PointInTimeRestoreWorkflow.workflowId(request.target(), request.dataDirectory())));
    return started("RESTORE", request.target(), WorkflowClient.start(workflow::recover, request));
  }

  /** A check of a cluster's WAL archive (gaps, newest segment). */
  public RunReference archiveCheck(String target) {
    ArchiveCheckWorkflow workflow =
        client.newWorkflowStub(ArchiveCheckWorkflow.class, options(ArchiveCheckWorkflow.workflowId(target)));
    return started("VERIFY", target, WorkflowClient.start(workflow::check, target));
  }

  /** Applies (or, dry, only evaluates) a target's retention policy. */
  public RunReference retention(RetentionRequest request) {
    RetentionWorkflow workflow =
        client.newWorkflowStub(RetentionWorkflow.class, options(RetentionWorkflow.workflowId(request)));
    return started("RETENTION", request.target(), WorkflowClient.start(workflow::apply, request));
  }

  /**
   * Lifeboat's id of a run, as the catalog keys it: {@code <workflowId>/<Temporal run id>}. It
   * names the Temporal run too, so the run can be looked up before the workflow indexed it.
   */
  public static String runId(WorkflowExecution execution) {
    return RunEntry.runId(execution.getWorkflowId(), execution.getRunId());
  }

  /** Path of {@code GET /api/v1/runs/{runId}}. */
  public static String statusUrl(String runId) {
    return "/api/v1/runs/" + runId;
  }

  private WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(taskQueue)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .build();
  }

  private RunReference started(String type, String target, WorkflowExecution execution) {
    metrics.runStarted(type);
    String runId = runId(execution);
    return new RunReference(execution.getWorkflowId(), runId, type, target, statusUrl(runId));
  }
}
