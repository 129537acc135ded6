package io.lifeboat.activities.runbook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.Notification;
import io.lifeboat.workflows.runbook.NotifyActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every notification; POSTs it as JSON ({@code runbook, run, message}) when the step gives a URL. */
public class NotifyActivitiesImpl implements NotifyActivities {
  private static final Logger log = LoggerFactory.getLogger(NotifyActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;

  public NotifyActivitiesImpl() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  public NotifyActivitiesImpl(HttpClient http) {
    this.http = http;
  }

  @Override
  public void sendNotification(Notification notification) {
    log.info("runbook {} ({}): {}", notification.runbook(), notification.runId(), notification.message());
    if (notification.url() == null) {
      return;
    }
    try {
      String body = JSON.writeValueAsString(new Message(notification.runbook(), notification.runId(), notification.message()));
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(notification.url()))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw ApplicationFailure.newFailure(
            notification.url() + " answered " + response.statusCode(), FailureTypes.TOOL_FAILED);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(notification.url() + " unreachable: " + e.getMessage(), FailureTypes.TOOL_FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", FailureTypes.TOOL_FAILED);
    }
  }

  /** The JSON a notification webhook receives. */
  record Message(String runbook, String run, String message) {}
}
