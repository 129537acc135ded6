package io.lifeboat.api.runbooks;

import io.lifeboat.api.metrics.WaitingApprovals;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.api.temporal.LiveRun;
import io.lifeboat.api.temporal.RunInspector;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.workflows.common.StepState;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookStepState;

/**
 * Counts the approvals waiting now: the approval steps waiting in the runbook runs the catalog holds
 * as running, and the restores waiting for a second person before they replace data — by asking
 * each run its progress: the workflow alone knows which step waits.
 */
public final class RunbookApprovals implements WaitingApprovals {
  /** More running recoveries than this at once would be a problem of its own. */
  private static final int MOST_RUNS = 200;

  private final Catalog catalog;
  private final RunbookRuns runs;
  private final RunInspector restores;

  public RunbookApprovals(Catalog catalog, RunbookRuns runs, RunInspector restores) {
    this.catalog = catalog;
    this.runs = runs;
    this.restores = restores;
  }

  @Override
  public long count() {
    long waiting = 0;
    for (RunEntry run : catalog.listRuns(null, RunEntry.Type.RUNBOOK, RunEntry.Status.RUNNING, MOST_RUNS)) {
      int slash = run.runId().lastIndexOf('/');
      waiting += runs.inspect(run.runId().substring(0, slash), run.runId().substring(slash + 1))
          .map(RunbookRuns.View::progress)
          .map(RunbookApprovals::waitingSteps)
          .orElse(0L);
    }
    for (RunEntry run : catalog.listRuns(null, RunEntry.Type.RESTORE, RunEntry.Status.RUNNING, MOST_RUNS)) {
      int slash = run.runId().lastIndexOf('/');
      waiting += restores.inspect(run.runId().substring(0, slash), run.runId().substring(slash + 1))
          .map(LiveRun::progress)
          .filter(progress -> progress.steps().stream().anyMatch(RunbookApprovals::waitingForApproval))
          .map(progress -> 1L)
          .orElse(0L);
    }
    return waiting;
  }

  /** A restore's {@code approval} step runs for as long as it waits for the second person. */
  private static boolean waitingForApproval(StepState step) {
    return "approval".equals(step.name()) && step.status() == StepState.Status.RUNNING;
  }

  private static long waitingSteps(RunbookProgress progress) {
    return progress.steps().stream().filter(step -> step.state() == RunbookStepState.State.WAITING).count();
  }
}
