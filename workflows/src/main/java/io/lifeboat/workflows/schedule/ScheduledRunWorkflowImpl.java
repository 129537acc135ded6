package io.lifeboat.workflows.schedule;

import io.lifeboat.workflows.common.RunAttributes;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.DrillWorkflow;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.retention.RetentionRequest;
import io.lifeboat.workflows.retention.RetentionWorkflow;
import io.lifeboat.workflows.schedule.ScheduledRun;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflow;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.tenants.TenantBackupRequest;
import io.lifeboat.workflows.tenants.TenantBackupWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** One firing of a schedule: the action as a child workflow under its business id. */
public class ScheduledRunWorkflowImpl implements ScheduledRunWorkflow {
  private final SourceActivities sources =
      Workflow.newActivityStub(SourceActivities.class, ActivityDefaults.quick());

  @Override
  public String fire(ScheduledRun run) {
    RunAttributes.started("SCHEDULED_" + run.action().toUpperCase(Locale.ROOT).replace('-', '_'), run.target(),
        run.requestedBy());
    try {
      String started = act(run);
      RunAttributes.outcome("COMPLETED");
      return started;
    } catch (RuntimeException e) {
      RunAttributes.outcome("FAILED");
      throw e;
    }
  }

  /** Runs the schedule's action as a child workflow; returns its workflow id. */
  private String act(ScheduledRun run) {
    switch (run.action()) {
      case ScheduledRun.BACKUP -> {
        String id = BackupWorkflow.workflowId(run.target());
        child(BackupWorkflow.class, id, "Back up " + run.target() + " (schedule " + run.schedule() + ")").backup(new BackupRequest(run.target(), reason(run), run.requestedBy()));
        return id;
      }
      case ScheduledRun.VERIFY -> {
        // the newest full backup, whatever the kind of the target (a file set, Redis, a cluster...)
        ResolvedBackup latest = sources.resolve(TargetRef.of(run.target()), "latest");
        String id = VerifyWorkflow.workflowId(latest.backupId());
        child(VerifyWorkflow.class, id, "Verify " + run.target() + " " + latest.backupId() + " (schedule "
            + run.schedule() + ")").verify(new VerifyRequest(latest.backupId(), true, run.requestedBy()));
        return id;
      }
      case ScheduledRun.RETENTION -> {
        RetentionRequest request = new RetentionRequest(run.target(), false, run.requestedBy(), reason(run));
        String id = RetentionWorkflow.workflowId(request);
        child(RetentionWorkflow.class, id, "Apply retention to " + run.target() + " (schedule " + run.schedule() + ")")
            .apply(request);
        return id;
      }
      case ScheduledRun.TENANT_BACKUP -> {
        if (run.schemas() == null) {
          throw ApplicationFailure.newNonRetryableFailure("scheduled tenant backup of " + run.target()
              + " names no schemas: add 'schemas:' to schedule " + run.schedule(), FailureTypes.BAD_REQUEST);
        }
        String id = TenantBackupWorkflow.workflowId(run.target(), run.schemas());
        child(TenantBackupWorkflow.class, id, "Back up the tenants " + run.schemas() + " of " + run.target()
            + " (schedule " + run.schedule() + ")").backupTenants(new TenantBackupRequest(run.target(), run.schemas(),
                run.concurrency(), reason(run), run.requestedBy()));
        return id;
      }
      case ScheduledRun.DRILL -> {
        DrillRequest request = new DrillRequest(run.runbook(), run.runbook() == null ? run.target() : null,
            run.parameters() == null ? Map.of() : run.parameters(), run.requestedBy(), reason(run), false, null);
        String id = DrillWorkflow.drillId(request.subject(), Instant.ofEpochMilli(Workflow.currentTimeMillis()));
        child(DrillWorkflow.class, id, "Drill " + (run.runbook() == null ? "the restore of " + run.target()
            : "runbook " + run.runbook()) + " (schedule " + run.schedule() + ")").drill(request);
        return id;
      }
      default -> throw ApplicationFailure.newNonRetryableFailure("unknown scheduled action '" + run.action()
          + "' (backup, verify, retention, tenant-backup or drill)", FailureTypes.BAD_REQUEST);
    }
  }

  private static <T> T child(Class<T> type, String workflowId, String summary) {
    return Workflow.newChildWorkflowStub(type, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setStaticSummary(summary)
        // A schedule paused or deleted mid-run must not kill a backup half-way.
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .build());
  }

  private static String reason(ScheduledRun run) {
    return run.reason() == null ? "scheduled (" + run.schedule() + ")" : run.reason();
  }
}
