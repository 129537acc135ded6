package io.lifeboat.activities.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * Calls to the API server, with its refusals turned into one line naming the cluster, what was
 * asked and what to do: an unreachable server is retried (it may be restarting), a refusal (401,
 * 403) or a bad request is not.
 */
final class ApiFailures {
  private ApiFailures() {}

  static <T> T call(KubernetesConnection connection, String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw failure(connection, what, e);
    }
  }

  static ApplicationFailure failure(KubernetesConnection connection, String what, KubernetesClientException e) {
    int code = e.getCode();
    String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : rootMessage(e);
    if (code == 401 || code == 403) {
      return ApplicationFailure.newNonRetryableFailure(connection.describe() + " refused to " + what + " (" + code
          + " " + (code == 401 ? "Unauthorized" : "Forbidden") + ": " + reason + "); grant the worker's account"
          + " get, list, create and update on it (see docs/sources.md, Kubernetes)", FailureTypes.INVALID_CONFIGURATION);
    }
    if (code <= 0) { // no answer: fabric8 reports -1 (or 0) when the connection failed
      return ApplicationFailure.newFailure("cannot reach " + connection.describe() + " to " + what + ": connection"
          + " failed (" + rootMessage(e) + ")"
          + "; check the target's connection and that the API server is up", FailureTypes.DATABASE_UNREACHABLE);
    }
    return ApplicationFailure.newNonRetryableFailure(connection.describe() + " answered " + code + " to " + what
        + ": " + reason, FailureTypes.BAD_REQUEST);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName()
        : root.getClass().getSimpleName() + ": " + root.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
