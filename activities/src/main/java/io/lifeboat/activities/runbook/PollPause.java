package io.lifeboat.activities.runbook;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * The pause between two polls of something a runbook waits for (a service stopping, a health
 * check passing): it heartbeats what was last seen, so a lost worker is noticed and the progress
 * shows it, then sleeps.
 */
public final class PollPause {
  private PollPause() {}

  public static void between(String lastSeen, Duration pause) {
    try {
      Activity.getExecutionContext().heartbeat(lastSeen);
    } catch (IllegalStateException notInActivity) {
      // called directly rather than by a worker (tests, the CLI): nobody to tell
    }
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while waiting", FailureTypes.TOOL_FAILED);
    }
  }
}
