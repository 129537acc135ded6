package io.lifeboat.activities.notify;

import io.lifeboat.config.NotificationSeverity;
import java.time.Instant;

/** The failed backup the channel tests send. */
final class NotificationEvents {
  static final Instant AT = Instant.parse("2026-12-04T03:00:00Z");

  private NotificationEvents() {}

  static NotificationEvent backupFailed() {
    return new NotificationEvent("backup-failed", NotificationSeverity.CRITICAL, "orders", "backup of orders failed",
        "could not connect to server: Connection refused", "backup-failed:orders:backup:orders/run-1",
        "backup:orders/run-1", AT);
  }
}
