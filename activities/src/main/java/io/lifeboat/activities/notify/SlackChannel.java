package io.lifeboat.activities.notify;

import io.lifeboat.activities.runbook.JsonWebhook;
import java.util.Map;

/**
 * A Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat take {@code {"text": ...}});
 * the dedup key ends the message, for whoever searches the channel for it.
 */
final class SlackChannel implements NotificationChannel {
  private final JsonWebhook webhook;
  private final String url;

  SlackChannel(JsonWebhook webhook, String url) {
    this.webhook = webhook;
    this.url = url;
  }

  @Override
  public void send(NotificationEvent event) {
    String icon = switch (event.severity()) {
      case CRITICAL -> ":red_circle:";
      case WARNING -> ":warning:";
      case INFO -> ":white_check_mark:";
    };
    webhook.post(url, Map.of("text", icon + " *" + event.severity().label().toUpperCase(java.util.Locale.ROOT)
        + "* " + event.summary() + "\n" + event.details() + "\n`" + event.dedupKey() + "`"));
  }
}
