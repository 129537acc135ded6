package io.lifeboat.workflows.notify;

import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.Failures;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Workflow side of notifications: at a run's end, after the catalog has it, the notification
 * activity is called with a bounded retry policy. Its failure is logged and swallowed: a channel
 * that cannot be reached never fails the run, whose work is recorded and usable already.
 */
public final class RunNotifications {
  /** The change that added notifications at a run's end; histories recorded before it replay without. */
  static final String CHANGE_ID = "notify-run-end";

  /** The change that added the check at a run's start (scratch disks); a separate gate, added after. */
  static final String START_CHANGE_ID = "notify-run-start";

  private RunNotifications() {}

  /**
   * Workflow code: call once, when {@code run} has been recorded started: what should be known
   * before it writes anything (scratch disks filling up) is sent now, beside the run, which does
   * not wait for it. Pass the promise to {@link #awaitStarted} before the run ends, so the
   * delivery is not dropped with the closed run.
   */
  public static Promise<Void> runStarted(RunRecord run) {
    if (Workflow.getVersion(START_CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return Workflow.newPromise(null);
    }
    NotificationActivities notifications =
        Workflow.newActivityStub(NotificationActivities.class, ActivityDefaults.notifications());
    return Async.procedure(notifications::notifyRunStarted, run);
  }

  /** Workflow code: waits for the start's notifications (retried at most 5 minutes), never failing. */
  public static void awaitStarted(Promise<Void> started, String workflowId) {
    try {
      started.get();
    } catch (ActivityFailure | CanceledFailure failure) {
      Workflow.getLogger(RunNotifications.class)
          .warn("notifications of run {} not delivered: {}", workflowId, Failures.describe(failure));
    }
  }

  /** Workflow code: call once, when {@code run} has been recorded ended. */
  public static void runEnded(RunRecord run, List<String> warnings) {
    if (Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      return;
    }
    NotificationActivities notifications =
        Workflow.newActivityStub(NotificationActivities.class, ActivityDefaults.notifications());
    try {
      notifications.notifyRunEnded(run, List.copyOf(warnings));
    } catch (ActivityFailure failure) {
      Workflow.getLogger(RunNotifications.class)
          .warn("notifications of run {} not delivered: {}", run.workflowId(), Failures.describe(failure));
    }
  }
}
