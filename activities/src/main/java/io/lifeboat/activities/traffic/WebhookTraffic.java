package io.lifeboat.activities.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.TrafficSwitch;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Hands the switch to the operator's own automation: POSTs {@code {"backend","from","to"}} as JSON
 * to a URL; any 2xx means done. The receiver must treat a repeated switch as done already.
 */
final class WebhookTraffic {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;

  WebhookTraffic(HttpClient http) {
    this.http = http;
  }

  String redirect(TrafficSwitch change) {
    try {
      String body = JSON.writeValueAsString(Map.of(
          "backend", change.backend() == null ? "" : change.backend(), "from", change.from(), "to", change.to()));
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(change.endpoint()))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw ApplicationFailure.newFailure(
            change.endpoint() + " answered " + response.statusCode() + ": " + response.body(), FailureTypes.TOOL_FAILED);
      }
      return "webhook " + change.endpoint() + " moved traffic from " + change.from() + " to " + change.to()
          + " (HTTP " + response.statusCode() + ")";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(change.endpoint() + " unreachable: " + e.getMessage(), FailureTypes.TOOL_FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", FailureTypes.TOOL_FAILED);
    }
  }
}
