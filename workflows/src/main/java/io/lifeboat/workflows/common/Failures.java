package io.lifeboat.workflows.common;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;

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
}
