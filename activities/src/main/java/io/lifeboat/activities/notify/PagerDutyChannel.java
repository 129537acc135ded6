package io.lifeboat.activities.notify;

import io.lifeboat.activities.runbook.JsonWebhook;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PagerDuty's Events API v2: a {@code trigger} with the event's dedup key, so a retried delivery
 * or the same breach seen by two runs is one incident; a resolved event is a {@code resolve} of
 * that key, which closes the incident.
 */
final class PagerDutyChannel implements NotificationChannel {
  private final JsonWebhook webhook;
  private final String url;
  private final String routingKey;

  PagerDutyChannel(JsonWebhook webhook, String url, String routingKey) {
    this.webhook = webhook;
    this.url = url;
    this.routingKey = routingKey;
  }

  @Override
  public void send(NotificationEvent event) {
    if (event.resolved()) {
      webhook.post(url, Map.of("routing_key", routingKey, "event_action", "resolve", "dedup_key", event.dedupKey()));
      return;
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("summary", event.summary());
    payload.put("severity", event.severity().label());
    payload.put("source", event.target() == null ? "lifeboat" : "lifeboat/" + event.target());
    payload.put("component", event.target());
    payload.put("class", event.name());
    payload.put("timestamp", event.at().toString());
    payload.put("custom_details", Map.of("details", event.details(), "run", event.run()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("routing_key", routingKey);
    body.put("event_action", "trigger");
    body.put("dedup_key", event.dedupKey());
    body.put("payload", payload);
    webhook.post(url, body);
  }
}
