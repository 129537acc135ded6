package io.lifeboat.activities.notify;

import io.lifeboat.catalog.StorageForecast;
import io.lifeboat.catalog.StoredBytesAt;
import io.lifeboat.config.NotificationSeverity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A target's backups above 80% (warning) or 90% (critical) of its {@code storageQuota} in the
 * primary bucket, with the numbers and the growth forecast; the same thresholds as the Prometheus
 * rules {@code LifeboatStorageQuotaWarning} and {@code LifeboatStorageQuotaCritical}.
 *
 * <p>Told once a day per level, not after every backup: by the first backup of the day (UTC) that
 * finds the target at that level. A backup whose predecessor of the same day already left the
 * bucket at that level or above says nothing, so a level crossed again the same day (after a
 * retention run) is not told twice, and a rise from warning to critical is told at once. A quota
 * is not freed by itself, so a message on the first crossing only would be forgotten; a daily one
 * is a reminder an operator can act on. The dedup key is {@code storage-quota:<target>:<level>:<day>}.
 */
final class StorageQuotaEvent {
  static final double WARNING_USED = 0.80;
  static final double CRITICAL_USED = 0.90;

  private StorageQuotaEvent() {}

  /** {@code history}: what the bucket held after each backup, oldest first, the run's own backup last. */
  static Optional<NotificationEvent> of(String target, StorageForecast storage, List<StoredBytesAt> history,
      String run, Instant now) {
    Double used = storage.usedFraction();
    NotificationSeverity severity = used == null ? null : level(used);
    if (severity == null || toldToday(storage.quotaBytes(), history, severity, now)) {
      return Optional.empty();
    }
    String percent = String.format(Locale.ROOT, "%.1f%%", used * 100);
    return Optional.of(new NotificationEvent("storage-quota", severity, target,
        "storage of " + target + " at " + percent + " of its quota; " + storage.describe(),
        "Its backups take " + storage.usedBytes() + " of its storageQuota of " + storage.quotaBytes()
            + " bytes in the primary bucket (" + percent + "; warning above 80%, critical above 90%); "
            + storage.describe() + ". Apply retention now (lifeboat retention " + target + "), tighten the"
            + " target's retention, or raise its storageQuota.",
        "storage-quota:" + target + ":" + severity.label() + ":" + day(now), run, now));
  }

  private static NotificationSeverity level(double used) {
    return used > CRITICAL_USED ? NotificationSeverity.CRITICAL
        : used > WARNING_USED ? NotificationSeverity.WARNING : null;
  }

  /** The backup before the run's own, made the same day, already left the bucket at this level or above. */
  private static boolean toldToday(long quota, List<StoredBytesAt> history, NotificationSeverity severity,
      Instant now) {
    if (history.size() < 2) {
      return false;
    }
    StoredBytesAt previous = history.get(history.size() - 2);
    NotificationSeverity then = level((double) previous.bytes() / quota);
    return day(previous.at()).equals(day(now)) && then != null
        && (then == severity || then == NotificationSeverity.CRITICAL);
  }

  private static LocalDate day(Instant at) {
    return at.atZone(ZoneOffset.UTC).toLocalDate();
  }
}
