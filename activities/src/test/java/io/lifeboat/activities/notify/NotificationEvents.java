package io.lifeboat.activities.notify;

import io.lifeboat.config.NotificationSeverity;
import java.time.Instant;

/** The failed backup the channel tests send. */
final class NotificationEvents {
  static final Instant AT = Instant.parse("2026-12-04T03:00:00Z");

  private NotificationEvents() {}

  /** A scratch disk below 10% free, or (resolved) back above the thresholds. */
  static NotificationEvent diskLow(boolean resolved) {
    return new NotificationEvent("disk-space-low", NotificationSeverity.CRITICAL, null,
        resolved ? "scratch disk of /tmp on host-1 has 45.0% free" : "scratch disk of /tmp on host-1 has 5.0% free",
        resolved ? "The disk /dev/sda1 holding /tmp on host-1 has 450 of 1000 bytes free."
            : "The disk /dev/sda1 holding /tmp on host-1 has 50 of 1000 bytes free.",
        "disk-space-low:host-1:/dev/sda1:critical:1796356800", "watch", AT, resolved);
  }

  static NotificationEvent backupFailed() {
    return new NotificationEvent("backup-failed", NotificationSeverity.CRITICAL, "orders", "backup of orders failed",
        "could not connect to server: Connection refused", "backup-failed:orders:backup:orders/run-1",
        "backup:orders/run-1", AT);
  }
}
