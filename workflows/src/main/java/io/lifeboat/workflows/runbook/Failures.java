package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import java.util.Arrays;
import java.util.Optional;

/** Reads failures the way an operator wants them: the root message, and whether trying again can help. */
final class Failures {
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root instanceof TimeoutFailure timeout) {
      return "timed out (" + timeout.getTimeoutType().name().toLowerCase().replace("timeout_type_", "") + ")";
    }
    if (root instanceof TemporalFailure temporal) {
      return temporal.getOriginalMessage();
    }
    return String.valueOf(root.getMessage());
  }

  static Optional<ApplicationFailure> application(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ApplicationFailure application) {
        return Optional.of(application);
      }
    }
    return Optional.empty();
  }

  static boolean retryable(Throwable failure) {
    return application(failure)
        .map(app -> !app.isNonRetryable() && !Arrays.asList(FailureTypes.PERMANENT).contains(app.getType()))
        .orElse(true);
  }

  private Failures() {}
}
