package io.lifeboat.activities.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A runbook step's POST of a JSON body to an operator's URL (a chat notification, their own
 * traffic automation). Any 2xx means it was taken; another answer, or none, is a retryable
 * failure that says what the receiver answered.
 */
public final class JsonWebhook {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;

  public JsonWebhook(HttpClient http) {
    this.http = http;
  }

  /** POSTs {@code body} as JSON to {@code url}; returns the 2xx status it answered with. */
  public int post(String url, Object body) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(url))
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        // what the receiver said, one short line: a long error page could echo back what was sent
        String answer = response.body() == null ? "" : response.body().strip().replaceAll("\\s+", " ");
        String said = answer.isEmpty() ? "" : ": " + (answer.length() > 200 ? answer.substring(0, 200) + "…" : answer);
        throw ApplicationFailure.newFailure(
            url + " answered " + response.statusCode() + said, FailureTypes.TOOL_FAILED);
      }
      return response.statusCode();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(url + " unreachable: " + e.getMessage(), FailureTypes.TOOL_FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", FailureTypes.TOOL_FAILED);
    }
  }
}
