package io.lifeboat.api.temporal;

import io.lifeboat.api.auth.AuditTrail;
import io.lifeboat.api.metrics.ApiMetrics;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.cluster.ArchiveCheckWorkflow;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.PointInTimeRestoreWorkflow;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.DrillWorkflow;
import io.lifeboat.workflows.lock.LegalHoldRequest;
import io.lifeboat.workflows.lock.LegalHoldWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.replication.CopySyncRequest;
import io.lifeboat.workflows.replication.CopySyncWorkflow;
import io.lifeboat.workflows.retention.RetentionRequest;
import io.lifeboat.workflows.retention.RetentionWorkflow;
import io.lifeboat.workflows.tenants.TenantBackupRequest;
import io.lifeboat.workflows.tenants.TenantBackupWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.function.Supplier;

/**
 * Starts Lifeboat's workflows through their interfaces, under business workflow ids. A second
 * start while the first is running is refused ({@link WorkflowExecutionAlreadyStarted}) rather
 * than run twice; once it has ended, the same id may run again. Every start, accepted or refused,
 * goes to the audit trail under the requester's name; one that replaces or deletes data (a restore
 * with replace, a recovery, retention applied) is refused unless its request could be recorded first.
 */
public final class WorkflowStarter {
  private final WorkflowClient client;
  private final String taskQueue;
  private final ApiMetrics metrics;
  private final AuditTrail audit;

  public WorkflowStarter(WorkflowClient client, String taskQueue, ApiMetrics metrics, AuditTrail audit) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.metrics = metrics;
    this.audit = audit;
  }

  public RunReference backup(BackupRequest request) {
    String id = request.schema() == null ? BackupWorkflow.workflowId(request.target())
        : BackupWorkflow.workflowId(request.target(), request.schema());
    BackupWorkflow workflow = client.newWorkflowStub(BackupWorkflow.class, options(id,
        "Back up " + request.target() + (request.schema() == null ? "" : " schema " + request.schema()),
        details(request.requestedBy(), request.reason())));
    return start("BACKUP", request.target(), request.requestedBy(), request.reason(),
        () -> WorkflowClient.start(workflow::backup, request));
  }

  /** Backs up every tenant schema matching the request's pattern, as child backups. */
  public RunReference tenantBackups(TenantBackupRequest request) {
    TenantBackupWorkflow workflow = client.newWorkflowStub(TenantBackupWorkflow.class,
        options(TenantBackupWorkflow.workflowId(request.target(), request.pattern()),
            "Back up " + request.target() + " schemas " + request.pattern(), details(request.requestedBy(), request.reason())));
    return start("TENANT_BACKUP", request.target(), request.requestedBy(), request.reason(),
        () -> WorkflowClient.start(workflow::backupTenants, request));
  }

  /** {@code target} is the verified backup's target, for the run reference only. */
  public RunReference verify(VerifyRequest request, String target) {
    VerifyWorkflow workflow =
        client.newWorkflowStub(VerifyWorkflow.class, options(VerifyWorkflow.workflowId(request.backupId()),
            "Verify " + target + " " + request.backupId() + (request.testRestore() ? " with a test restore" : ""),
            details(request.requestedBy(), null)));
    return start("VERIFY", target, request.requestedBy(), null, () -> WorkflowClient.start(workflow::verify, request));
  }

  public RunReference restore(RestoreRequest request) {
    // what the audit trail and the web UI say: the source, the backup, where to, and whether it replaces
    String summary = "Restore " + request.source() + " ← " + request.backup()
        + (request.into() != null && !request.into().isBlank() ? " into " + request.into() : "")
        + (request.to() != null && !request.to().isBlank() ? " on " + request.to() : "")
        + (request.replace() ? " (replacing it)" : "")
        + (request.noOwner() ? ", no owners" : "") + (request.skipRoles() ? ", creating no roles" : "");
    RestoreWorkflow workflow = client.newWorkflowStub(RestoreWorkflow.class, options(RestoreWorkflow.workflowId(request),
        summary, details(request.requestedBy(), null)));
    if (request.replace()) {
      audit.requireRecorded(request.requestedBy(), "start", null, null, summary);
    }
    return start("RESTORE", request.target(), request.requestedBy(), null, summary,
        () -> WorkflowClient.start(workflow::restore, request));
  }

  /** A point-in-time recovery of a cluster into a new data directory. */
  public RunReference pointInTimeRecovery(PointInTimeRequest request) {
    PointInTimeRestoreWorkflow workflow = client.newWorkflowStub(PointInTimeRestoreWorkflow.class,
        options(PointInTimeRestoreWorkflow.workflowId(request.target(), request.dataDirectory()),
            "Recover " + request.target() + " to " + request.to() + " into " + request.dataDirectory(),
            details(request.requestedBy(), null)));
    audit.requireRecorded(request.requestedBy(), "start", null, null,
        "point-in-time recovery of target " + request.target() + " to " + request.to());
    return start("RESTORE", request.target(), request.requestedBy(), null,
        () -> WorkflowClient.start(workflow::recover, request));
  }

  /**
   * A drill under its own id ({@link DrillWorkflow#drillId}). Not required on record first: a
   * drill writes only to the scratch environment it creates, never to production.
   */
  public RunReference drill(DrillRequest request, String drillId) {
    DrillWorkflow workflow = client.newWorkflowStub(DrillWorkflow.class, options(drillId,
        "Drill " + (request.runbook() != null ? "runbook " : "the restore of ") + request.subject()
            + " in a scratch environment" + (request.keep() ? " (kept afterwards)" : ""),
        details(request.startedBy(), request.reason())));
    return start("DRILL", request.subject(), request.startedBy(), request.reason(),
        () -> WorkflowClient.start(workflow::drill, request));
  }

  /** A check of a cluster's WAL archive (gaps, newest segment). */
  public RunReference archiveCheck(String target, String requestedBy) {
    ArchiveCheckWorkflow workflow =
        client.newWorkflowStub(ArchiveCheckWorkflow.class, options(ArchiveCheckWorkflow.workflowId(target),
            "Check the WAL archive of " + target, details(requestedBy, null)));
    return start("VERIFY", target, requestedBy, null, () -> WorkflowClient.start(workflow::check, target));
  }

  /** Applies (or, dry, only evaluates) a target's retention policy. */
  public RunReference retention(RetentionRequest request) {
    RetentionWorkflow workflow =
        client.newWorkflowStub(RetentionWorkflow.class, options(RetentionWorkflow.workflowId(request),
            (request.dryRun() ? "Retention dry run for " : "Apply retention to ") + request.target(),
            details(request.requestedBy(), request.reason())));
    if (!request.dryRun()) {
      audit.requireRecorded(request.requestedBy(), "start", null, request.reason(),
          "retention of target " + request.target() + ", deleting the backups its policy no longer keeps");
    }
    return start("RETENTION", request.target(), request.requestedBy(), request.reason(),
        () -> WorkflowClient.start(workflow::apply, request));
  }

  /** Re-copies what off-site locations lack or hold damaged ({@code copies sync}). */
  public RunReference copySync(CopySyncRequest request) {
    CopySyncWorkflow workflow =
        client.newWorkflowStub(CopySyncWorkflow.class, options(CopySyncWorkflow.workflowId(request),
            "Sync off-site copies" + (request.location() == null ? "" : " at " + request.location())
                + (request.target() == null ? "" : " of " + request.target()),
            details(request.requestedBy(), null)));
    return start("REPLICATION", request.target(), request.requestedBy(), null,
        () -> WorkflowClient.start(workflow::sync, request));
  }

  /**
   * Applies a legal hold set or released in the catalog to the backup's objects in S3. Not audited
   * here: the hold itself is, with its reason, whether or not a run applies it.
   */
  public RunReference legalHold(LegalHoldRequest request, String target) {
    LegalHoldWorkflow workflow =
        client.newWorkflowStub(LegalHoldWorkflow.class, options(LegalHoldWorkflow.workflowId(request),
            (request.hold() ? "Hold " : "Release ") + request.backupId(), details(request.requestedBy(), request.reason())));
    return started("LEGAL_HOLD", target, WorkflowClient.start(workflow::apply, request));
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

  /**
   * Options of a start, with the summary and details the Temporal web UI shows for the run: names,
   * ids and the requester's words, never a secret.
   */
  private WorkflowOptions options(String workflowId, String summary, String details) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setStaticSummary(summary)
        .setStaticDetails(details)
        .setTaskQueue(taskQueue)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .build();
  }

  private RunReference start(String type, String target, String requestedBy, String reason,
      Supplier<WorkflowExecution> start) {
    return start(type, target, requestedBy, reason, type.toLowerCase() + " of target " + target, start);
  }

  /** Starts a run and audits it, accepted or refused, as {@code what}. */
  private RunReference start(String type, String target, String requestedBy, String reason, String what,
      Supplier<WorkflowExecution> start) {
    WorkflowExecution execution;
    try {
      execution = start.get();
    } catch (RuntimeException refused) {
      String why = refused instanceof WorkflowExecutionAlreadyStarted running
          ? "already running as " + runId(running.getExecution())
          : Failures.message(refused);
      audit.record(requestedBy, "start", null, null, null, reason, "REFUSED", what + ": " + why);
      throw refused;
    }
    RunReference started = started(type, target, execution);
    audit.record(requestedBy, "start", started.runId(), null, null, reason, AuditEntry.ACCEPTED, what);
    return started;
  }

  private static String details(String requestedBy, String reason) {
    return "Requested by " + (requestedBy == null ? "an unnamed caller" : requestedBy)
        + (reason == null || reason.isBlank() ? "" : ": " + reason) + " (through the Lifeboat API)";
  }

  private RunReference started(String type, String target, WorkflowExecution execution) {
    metrics.runStarted(type);
    String runId = runId(execution);
    return new RunReference(execution.getWorkflowId(), runId, type, target, statusUrl(runId));
  }
}
