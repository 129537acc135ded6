package io.lifeboat.activities.notify;

import io.lifeboat.activities.runbook.JsonWebhook;
import io.lifeboat.config.NotificationChannelConfig;
import io.lifeboat.config.NotificationsConfig;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;

/** The configured channels, by name, ready to send. */
public final class NotificationChannels {
  private NotificationChannels() {}

  public static Map<String, NotificationChannel> from(NotificationsConfig config, HttpClient http) {
    JsonWebhook webhook = new JsonWebhook(http);
    Map<String, NotificationChannel> channels = new LinkedHashMap<>();
    config.getChannels().forEach((name, channel) -> channels.put(name, of(channel, webhook)));
    return channels;
  }

  private static NotificationChannel of(NotificationChannelConfig channel, JsonWebhook webhook) {
    if (channel instanceof NotificationChannelConfig.Email c) {
      return new EmailChannel(c);
    }
    String url;
    NotificationChannel http;
    if (channel instanceof NotificationChannelConfig.Webhook c) {
      url = c.getUrl();
      http = new WebhookChannel(webhook, url);
    } else if (channel instanceof NotificationChannelConfig.Slack c) {
      url = c.getUrl();
      http = new SlackChannel(webhook, url);
    } else if (channel instanceof NotificationChannelConfig.PagerDuty c) {
      url = c.getUrl();
      http = new PagerDutyChannel(webhook, url, c.getRoutingKey());
    } else if (channel instanceof NotificationChannelConfig.Alertmanager c) {
      url = c.getUrl();
      http = new AlertmanagerChannel(webhook, url);
    } else {
      throw new IllegalStateException("no channel for " + channel.getClass().getSimpleName());
    }
    return event -> {
      try {
        http.send(event);
      } catch (RuntimeException e) {
        // The URL of an incoming webhook is its secret: it stays out of logs and failures.
        String message = e instanceof ApplicationFailure failure ? failure.getOriginalMessage() : e.getMessage();
        throw new IllegalStateException(String.valueOf(message).replace(url, "the channel's URL"));
      }
    };
  }
}
