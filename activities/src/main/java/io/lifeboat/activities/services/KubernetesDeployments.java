package io.lifeboat.activities.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.ServiceActivities.ServiceStatus;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Services as Kubernetes deployments, written {@code namespace/name} (namespace {@code default}
 * when left out). Stopping scales to zero and keeps the replica count in an annotation; starting
 * scales back to it. Both are idempotent: stopping a stopped deployment keeps the saved count.
 */
final class KubernetesDeployments implements ServiceController {
  static final String REPLICAS_ANNOTATION = "lifeboat.io/replicas-before-stop";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final KubernetesApi api;

  KubernetesDeployments(KubernetesApi api) {
    this.api = api;
    this.http = HttpClient.newBuilder().sslContext(api.sslContext()).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public void stop(String service) {
    JsonNode deployment = get(service);
    int replicas = deployment.path("spec").path("replicas").asInt(1);
    if (replicas == 0) {
      return;
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").putObject("annotations").put(REPLICAS_ANNOTATION, String.valueOf(replicas));
    patch.putObject("spec").put("replicas", 0);
    patch(service, patch);
  }

  @Override
  public void start(String service) {
    JsonNode deployment = get(service);
    int saved = Integer.parseInt(deployment.path("metadata").path("annotations").path(REPLICAS_ANNOTATION).asText("1"));
    if (deployment.path("spec").path("replicas").asInt(0) > 0) {
      return;
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("spec").put("replicas", saved);
    patch(service, patch);
  }

  /** Running: every wanted replica is ready. Stopped: no replica is left. */
  @Override
  public Optional<ServiceStatus> status(String service) {
    JsonNode deployment = get(service);
    int wanted = deployment.path("spec").path("replicas").asInt(0);
    int ready = deployment.path("status").path("readyReplicas").asInt(0);
    int existing = deployment.path("status").path("replicas").asInt(0);
    boolean running = wanted > 0 ? ready >= wanted : existing > 0;
    return Optional.of(new ServiceStatus(service, running, ready + "/" + wanted + " replicas ready"));
  }

  private JsonNode get(String service) {
    return send(service, HttpRequest.newBuilder(uri(service)).GET());
  }

  private void patch(String service, ObjectNode patch) {
    send(service, HttpRequest.newBuilder(uri(service))
        .header("Content-Type", "application/merge-patch+json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(patch.toString())));
  }

  private JsonNode send(String service, HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(
          request.timeout(TIMEOUT).header("Authorization", "Bearer " + api.token().get()).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        throw ApplicationFailure.newNonRetryableFailure("no deployment " + service, FailureTypes.BAD_REQUEST);
      }
      if (response.statusCode() == 401 || response.statusCode() == 403) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the worker may not scale deployment " + service + " (HTTP " + response.statusCode() + ")",
            FailureTypes.BAD_REQUEST);
      }
      if (response.statusCode() / 100 != 2) {
        throw ApplicationFailure.newFailure(
            "Kubernetes answered " + response.statusCode() + " for " + service + ": " + response.body(),
            FailureTypes.TOOL_FAILED);
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("Kubernetes API unreachable: " + e.getMessage(), FailureTypes.TOOL_FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", FailureTypes.TOOL_FAILED);
    }
  }

  private URI uri(String service) {
    int slash = service.indexOf('/');
    String namespace = slash < 0 ? "default" : service.substring(0, slash);
    String name = service.substring(slash + 1);
    return api.url().resolve("/apis/apps/v1/namespaces/" + namespace + "/deployments/" + name);
  }
}
