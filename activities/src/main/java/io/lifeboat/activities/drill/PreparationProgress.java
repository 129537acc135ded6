package io.lifeboat.activities.drill;

import io.lifeboat.activities.backup.Heartbeat;
import io.temporal.activity.Activity;
import java.util.Optional;

/**
 * What preparing or tearing down a drill's environment is doing now ("starting PostgreSQL"),
 * heartbeated when it runs inside an activity; from a CLI command there is no one to tell.
 */
final class PreparationProgress implements AutoCloseable {
  private volatile String now = "starting";
  private final Optional<Heartbeat> heartbeat;

  PreparationProgress(String what) {
    heartbeat = insideActivity() ? Optional.of(Heartbeat.start(what, () -> now)) : Optional.empty();
  }

  /** Says what it does now; stops the work here when the drill was cancelled or the attempt timed out. */
  void now(String step) {
    now = step;
    heartbeat.ifPresent(Heartbeat::throwIfStopped);
  }

  private static boolean insideActivity() {
    try {
      Activity.getExecutionContext();
      return true;
    } catch (IllegalStateException outside) {
      return false;
    }
  }

  @Override
  public void close() {
    heartbeat.ifPresent(Heartbeat::close);
  }
}
