package io.lifeboat.workflows.cluster;

import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.common.RunLedger;
import io.lifeboat.workflows.cluster.PostgresClusterActivities;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.PointInTimeRestoreWorkflow;
import io.lifeboat.workflows.cluster.PointInTimeResult;
import io.lifeboat.workflows.cluster.RecoveredServer;
import io.lifeboat.workflows.cluster.RecoveryPlan;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * Plan (base backup, archive without gaps up to the target) → fetch the base backup into the new
 * data directory → start the server in recovery → wait until it reached the target and promoted
 * → report achieved RPO (recovery point to the newest archived WAL) and RTO. The live cluster is
 * never touched: the recovered one runs beside it.
 */
public class PointInTimeRestoreWorkflowImpl implements PointInTimeRestoreWorkflow {
  private final PostgresClusterActivities clusters =
      Workflow.newActivityStub(PostgresClusterActivities.class, ActivityDefaults.streaming());
  private final StepTracker steps = new StepTracker("RESTORE", "plan", "fetch", "start", "recover");

  @Override
  public PointInTimeResult recover(PointInTimeRequest request) {
    RunLedger run = RunLedger.start(RunType.RESTORE, request.target(), null, request.requestedBy(),
        "point-in-time recovery to " + request.to() + " into " + request.dataDirectory());
    Instant incidentAt = request.incidentAt() == null ? run.startedAt() : request.incidentAt();
    try {
      if (request.to() == null || request.to().given() != 1) {
        throw ApplicationFailure.newNonRetryableFailure("a point-in-time recovery needs exactly one target: a time"
            + " (--to-time), a WAL position (--to-lsn) or a restore point (--to-name); nothing was changed",
            FailureTypes.BAD_REQUEST);
      }
      RecoveryPlan plan = steps.run("plan", () -> clusters.planRecovery(request),
          p -> "base backup " + p.backupId() + " (complete at " + p.backupEndedAt() + "), WAL " + p.firstSegment()
              + " to " + p.lastSegment() + " without a gap");
      steps.run("fetch", () -> clusters.fetchBaseBackup(request, plan), "base backup " + plan.backupId()
          + " in " + request.dataDirectory());
      steps.run("start", () -> clusters.startRecovery(request, plan), "server started on port " + request.port()
          + ", replaying to " + request.to());
      RecoveredServer server = steps.run("recover", () -> clusters.awaitRecovery(request, plan),
          s -> "promoted at " + s.lsn() + " on timeline " + s.timeline() + ", last transaction "
              + s.lastTransactionAt() + "; " + s.databases() + " databases answer");

      Instant completedAt = StepTracker.now();
      Instant recoveryPoint = request.to().time() != null ? request.to().time()
          : server.lastTransactionAt() != null ? server.lastTransactionAt() : plan.backupEndedAt();
      PointInTimeResult result = new PointInTimeResult(plan.backupId(), server.dataDirectory(), server.port(),
          recoveryPoint, server.lsn(), server.timeline(), plan.lastArchivedAt(), incidentAt, completedAt,
          Math.max(0, plan.lastArchivedAt().toEpochMilli() - recoveryPoint.toEpochMilli()),
          completedAt.toEpochMilli() - incidentAt.toEpochMilli(), plan.rpoObjectiveMillis(),
          plan.rtoObjectiveMillis());
      run.backup(plan.backupId(), plan.rpoObjectiveMillis(), plan.rtoObjectiveMillis());
      run.completed(completedAt, result.achievedRpoMillis(), result.achievedRtoMillis());
      steps.finished();
      return result;
    } catch (RuntimeException e) {
      steps.failed();
      run.failed(e);
      throw e;
    }
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }
}
