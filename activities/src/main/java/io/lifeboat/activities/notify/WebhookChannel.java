package io.lifeboat.activities.notify;

import io.lifeboat.activities.runbook.JsonWebhook;
import java.util.LinkedHashMap;
import java.util.Map;

/** A generic JSON POST of the event, with its dedup key, for an operator's own receiver. */
final class WebhookChannel implements NotificationChannel {
  private final JsonWebhook webhook;
  private final String url;

  WebhookChannel(JsonWebhook webhook, String url) {
    this.webhook = webhook;
    this.url = url;
  }

  @Override
  public void send(NotificationEvent event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("event", event.name());
    body.put("severity", event.severity().label());
    body.put("target", event.target());
    body.put("summary", event.summary());
    body.put("details", event.details());
    body.put("dedupKey", event.dedupKey());
    body.put("run", event.run());
    body.put("at", event.at().toString());
    body.put("resolved", event.resolved());
    webhook.post(url, body);
  }
}
