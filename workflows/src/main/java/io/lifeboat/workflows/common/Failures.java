package io.lifeboat.workflows.common;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;

/** Turns Temporal's wrapped failures into the one line an operator needs. */
public final class Failures {
  private Failures() {}

  /** The innermost application failure's message, or the exception's own. */
  public static String message(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof ActivityFailure || cause instanceof ChildWorkflowFailure) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
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
