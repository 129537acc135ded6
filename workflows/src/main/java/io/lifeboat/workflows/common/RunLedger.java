package io.lifeboat.workflows.common;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.notify.RunNotifications;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;
import java.util.List;

/**
 * A run's entry in the catalog, kept by the workflow: recorded RUNNING when it starts, then with
 * what it learns (its target, its backup, the objectives), and COMPLETED or FAILED at the end.
 * Workflow code: the clock is {@link StepTracker#now()}, the catalog an activity.
 */
public final class RunLedger {
  private final CatalogActivities catalog =
      Workflow.newActivityStub(CatalogActivities.class, ActivityDefaults.quick());
  private RunRecord run;
  private List<String> warnings = List.of();
  private Promise<Void> startNotified = Workflow.newPromise(null);

  private RunLedger(RunRecord run) {
    this.run = run;
  }

  /**
   * Records this workflow's run as RUNNING and sets its search attributes.
   *
   * @param target null when the run learns it later (a verification knows only the backup id)
   * @param backupId null when the run learns it later
   */
  public static RunLedger start(RunType type, String target, String backupId, String requestedBy, String reason) {
    RunAttributes.started(type.name(), target, requestedBy);
    if (backupId != null) {
      RunAttributes.backup(backupId);
    }
    WorkflowInfo info = Workflow.getInfo();
    RunLedger ledger = new RunLedger(new RunRecord(info.getWorkflowId(), info.getRunId(), type, target, backupId,
        RunStatus.RUNNING, StepTracker.now(), null, null, null, null, null, requestedBy, reason, null));
    ledger.catalog.recordRun(ledger.run);
    ledger.startNotified = RunNotifications.runStarted(ledger.run);
    return ledger;
  }

  public Instant startedAt() {
    return run.startedAt();
  }

  /** The target, learnt after the start; the search attributes name it too. */
  public void target(String target) {
    RunAttributes.target(target);
    run = new RunRecord(run.workflowId(), run.runId(), run.type(), target, run.backupId(), run.status(),
        run.startedAt(), null, null, null, run.rpoObjectiveMillis(), run.rtoObjectiveMillis(), run.requestedBy(),
        run.reason(), null);
  }

  /** The backup the run works on, with the objectives of its target; the search attributes name it too. */
  public void backup(String backupId, Long rpoObjectiveMillis, Long rtoObjectiveMillis) {
    RunAttributes.backup(backupId);
    run = new RunRecord(run.workflowId(), run.runId(), run.type(), run.target(), backupId, run.status(),
        run.startedAt(), null, null, null, rpoObjectiveMillis, rtoObjectiveMillis, run.requestedBy(), run.reason(),
        null);
  }

  /** What the run's steps said to look at; its end's notifications carry them. */
  public void warnings(List<String> warnings) {
    this.warnings = List.copyOf(warnings);
  }

  /** Recorded COMPLETED now. */
  public void completed() {
    end(RunStatus.COMPLETED, StepTracker.now(), null, null, null, null);
  }

  /** Recorded COMPLETED at {@code endedAt}, with the recovery objectives it achieved. */
  public void completed(Instant endedAt, long achievedRpoMillis, long achievedRtoMillis) {
    end(RunStatus.COMPLETED, endedAt, achievedRpoMillis, achievedRtoMillis, null, null);
  }

  /**
   * Recorded FAILED now, with the one line an operator reads. Detached: in a cancelled run an
   * activity of the run's own scope would never be scheduled, and the run would stay RUNNING.
   */
  public void failed(Throwable failure) {
    Workflow.newDetachedCancellationScope(
        () -> end(RunStatus.FAILED, StepTracker.now(), null, null, Failures.message(failure), Failures.type(failure)))
        .run();
  }

  private void end(RunStatus status, Instant endedAt, Long achievedRpoMillis, Long achievedRtoMillis, String error,
      String failureType) {
    run = new RunRecord(run.workflowId(), run.runId(), run.type(), run.target(), run.backupId(), status,
        run.startedAt(), endedAt, achievedRpoMillis, achievedRtoMillis, run.rpoObjectiveMillis(),
        run.rtoObjectiveMillis(), run.requestedBy(), run.reason(), error, failureType);
    catalog.recordRun(run);
    RunNotifications.awaitStarted(startNotified, run.workflowId());
    RunNotifications.runEnded(run, warnings);
  }
}
