package io.lifeboat.activities.notify;

import io.lifeboat.activities.runbook.JsonWebhook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's {@code POST /api/v2/alerts}: one alert labelled with the event, severity, target
 * and dedup key (Alertmanager merges alerts with equal labels, so a retry is the same alert). It
 * resolves by itself after Alertmanager's {@code resolve_timeout}, or at once when a resolved
 * event of the same labels ends it ({@code endsAt}).
 */
final class AlertmanagerChannel implements NotificationChannel {
  private final JsonWebhook webhook;
  private final String url;

  AlertmanagerChannel(JsonWebhook webhook, String url) {
    this.webhook = webhook;
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public void send(NotificationEvent event) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", alertName(event.name()));
    labels.put("event", event.name());
    labels.put("severity", event.severity().label());
    if (event.target() != null) {
      labels.put("target", event.target());
    }
    labels.put("dedup_key", event.dedupKey());
    labels.put("source", "lifeboat");
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("labels", labels);
    alert.put("annotations", Map.of("summary", event.summary(), "description", event.details(), "run", event.run()));
    alert.put(event.resolved() ? "endsAt" : "startsAt", event.at().toString());
    webhook.post(url + "/api/v2/alerts", List.of(alert));
  }

  /** {@code backup-failed} → {@code LifeboatBackupFailed}, as alert names are usually spelt. */
  static String alertName(String event) {
    StringBuilder name = new StringBuilder("Lifeboat");
    for (String word : event.split("-")) {
      name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return name.toString();
  }
}
