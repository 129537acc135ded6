package io.lifeboat.activities.traffic;

import io.lifeboat.activities.runbook.JsonWebhook;
import io.lifeboat.workflows.runbook.TrafficSwitch;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * Hands the switch to the operator's own automation: POSTs {@code {"backend","from","to"}} as JSON
 * to a URL; any 2xx means done. The receiver must treat a repeated switch as done already.
 */
final class WebhookTraffic {
  private final JsonWebhook webhook;

  WebhookTraffic(HttpClient http) {
    this.webhook = new JsonWebhook(http);
  }

  String redirect(TrafficSwitch change) {
    int status = webhook.post(change.endpoint(), Map.of(
        "backend", change.backend() == null ? "" : change.backend(), "from", change.from(), "to", change.to()));
    return "webhook " + change.endpoint() + " moved traffic from " + change.from() + " to " + change.to()
        + " (HTTP " + status + ")";
  }
}
