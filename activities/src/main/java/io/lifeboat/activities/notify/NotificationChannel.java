package io.lifeboat.activities.notify;

/** One configured place notifications go. Throws when the receiver did not take the event: it is retried. */
public interface NotificationChannel {
  void send(NotificationEvent event);
}
