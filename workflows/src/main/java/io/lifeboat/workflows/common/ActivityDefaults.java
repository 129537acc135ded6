package io.lifeboat.workflows.common;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Timeouts and retry policies of Lifeboat's activities. Permanent failures (bad input, corrupted
 * data, wrong key) are never retried; everything else backs off and tries again.
 */
public final class ActivityDefaults {
  /** How long a streaming activity may go silent before Temporal hands it to another worker. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(15);

  private ActivityDefaults() {}

  private static RetryOptions retries(int attempts) {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofSeconds(1))
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(Duration.ofMinutes(1))
        .setMaximumAttempts(attempts)
        .setDoNotRetry(FailureTypes.PERMANENT)
        .build();
  }

  /** Catalog writes and lookups: quick, retried for a while (the catalog may be restarting). */
  public static ActivityOptions quick() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(retries(10))
        .build();
  }

  /**
   * An operator's hook around a backup: it stops itself at its own timeout (at most an hour, the
   * configuration says) and heartbeats meanwhile. A hook that fails is an outcome, not retried; an
   * attempt that could not end (its worker lost) is. A cancelled run waits for it to have stopped
   * before going on: the after hook must not overtake the before hook.
   */
  public static ActivityOptions hooks() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofHours(2))
        .setHeartbeatTimeout(HEARTBEAT)
        .setRetryOptions(retries(3))
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .build();
  }

  /**
   * Work on a destination that may take minutes without streaming: looking at what a directory
   * holds, deleting a staging or replaced copy. No heartbeat; a lost worker is noticed at the end.
   */
  public static ActivityOptions housekeeping() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(30))
        .setRetryOptions(retries(5))
        .build();
  }

  /**
   * Sending notifications: retried for at most five minutes, then given up (logged, counted) so
   * an unreachable channel holds a run's close no longer than that. {@code IllegalArgumentException}
   * is what a worker answers for an activity it does not host: a worker without notifications
   * wired skips them at once.
   */
  public static ActivityOptions notifications() {
    String[] permanent = java.util.Arrays.copyOf(FailureTypes.PERMANENT, FailureTypes.PERMANENT.length + 1);
    permanent[permanent.length - 1] = IllegalArgumentException.class.getName();
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setScheduleToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(2))
            .setBackoffCoefficient(2.0)
            .setMaximumInterval(Duration.ofMinutes(1))
            .setDoNotRetry(permanent)
            .build())
        .build();
  }

  /** Streaming work (dump, checksum, restore): long, heartbeating, resumed on another worker. */
  public static ActivityOptions streaming() {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofHours(12))
        .setHeartbeatTimeout(HEARTBEAT)
        .setRetryOptions(retries(5))
        .build();
  }
}
