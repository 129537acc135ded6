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
    String icon = event.resolved() ? ":large_green_circle: *RESOLVED*" : switch (event.severity()) {
      case CRITICAL -> ":red_circle:";
      case WARNING -> ":warning:";
      case INFO -> ":white_check_mark:";
    };
    String level = event.resolved() ? "" : " *" + event.severity().label().toUpperCase(java.util.Locale.ROOT) + "*";
    webhook.post(url, Map.of("text", icon + level + " " + event.summary() + "\n" + event.details() + "\n`" + event.dedupKey() + "`"));
  }
}
