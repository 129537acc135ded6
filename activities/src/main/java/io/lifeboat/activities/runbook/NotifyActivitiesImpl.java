package io.lifeboat.activities.runbook;

import io.lifeboat.workflows.runbook.Notification;
import io.lifeboat.workflows.runbook.NotifyActivities;
import java.net.http.HttpClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every notification; POSTs it as JSON ({@code runbook, run, message}) when the step gives a URL. */
public class NotifyActivitiesImpl implements NotifyActivities {
  private static final Logger log = LoggerFactory.getLogger(NotifyActivitiesImpl.class);

  private final JsonWebhook webhook;

  public NotifyActivitiesImpl() {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  public NotifyActivitiesImpl(HttpClient http) {
    this.webhook = new JsonWebhook(http);
  }

  @Override
  public void sendNotification(Notification notification) {
    log.info("runbook {} ({}): {}", notification.runbook(), notification.runId(), notification.message());
    if (notification.url() != null) {
      webhook.post(notification.url(),
          new Message(notification.runbook(), notification.runId(), notification.message()));
    }
  }

  /** The JSON a notification webhook receives. */
  record Message(String runbook, String run, String message) {}
}
