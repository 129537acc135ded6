package io.lifeboat.workflows.common;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Arrays;
import java.util.Locale;

/** Turns Temporal's wrapped failures into the one line an operator needs. */
public final class Failures {
  private Failures() {}

  /**
   * The innermost application failure's message, or the exception's own; "cancelled" for a
   * cancellation that says no more (Temporal's own say nothing).
   */
  public static String message(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (cause.getMessage() == null || cause.getMessage().isBlank()) {
      return cause instanceof CanceledFailure ? "cancelled" : cause.getClass().getSimpleName();
    }
    return cause.getMessage();
  }

  /** The innermost application failure's type, or null. */
  public static String type(Throwable e) {
    Throwable cause = e;
    while (cause != null) {
      if (cause instanceof ApplicationFailure app) {
        return app.getType();
      }
      cause = cause.getCause();
    }
    return null;
  }

  /**
   * The root cause as an operator reads it: a timeout says which, anything else its own message.
   * For runbook steps, whose failures may come from any depth (a child workflow's activity).
   */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof TimeoutFailure timeout) {
      return "timed out (" + timeout.getTimeoutType().name().toLowerCase(Locale.ROOT).replace("timeout_type_", "") + ")";
    }
    if (root instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return String.valueOf(root.getMessage());
  }

  /** Whether trying again can help: not for a non-retryable failure or one of the permanent types. */
  public static boolean retryable(Throwable failure) {
    String type = type(failure);
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApplicationFailure app) {
        return !app.isNonRetryable() && !Arrays.asList(FailureTypes.PERMANENT).contains(type);
      }
    }
    return true;
  }
}
