package io.lifeboat.activities.notify;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.WatchCondition;
import io.lifeboat.config.NotificationSeverity;
import jakarta.annotation.Nullable;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Lasting conditions (a scratch disk filling up, off-site copies behind) are notified once per
 * level crossing, not at every check: the catalog keeps each condition's level and the dedup key
 * it was raised with ({@code <condition>:<severity>:<epoch second of the crossing>}). A new level
 * raises a new key and resolves the previous one; a return below every threshold resolves the
 * last one (PagerDuty closes the incident). What was not delivered is delivered again at the next
 * check, under the same key, until it is.
 */
final class ConditionLevels {
  /**
   * One condition as just checked.
   *
   * @param condition what is followed, the same at every check, e.g. {@code disk-space-low:host-1:/dev/sda1}
   * @param severity the level now; null when it is fine
   * @param summary what it is now, in one line (also for a resolve)
   */
  record Observation(String condition, String event, @Nullable String target, @Nullable NotificationSeverity severity,
      String summary, String details) {}

  /** What to deliver now, and the rows to mark delivered once it was. */
  record Plan(List<NotificationEvent> events, List<WatchCondition> raised) {}

  private final Catalog catalog;
  private final Clock clock;

  ConditionLevels(Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  /** Compares each observation with its condition's last level; records new levels before anything is sent. */
  Plan plan(List<Observation> observed, String run) {
    Instant now = clock.instant();
    List<NotificationEvent> events = new ArrayList<>();
    List<WatchCondition> raised = new ArrayList<>();
    for (Observation o : observed) {
      String level = o.severity() == null ? null : o.severity().label();
      WatchCondition last = catalog.watchCondition(o.condition()).orElse(null);
      if (last == null && level == null) {
        continue;
      }
      if (last == null || !Objects.equals(last.severity(), level)) {
        String resolveKey = last == null ? null : last.severity() != null ? last.dedupKey() : last.resolveKey();
        String resolveSeverity = last == null ? null : last.severity() != null ? last.severity() : last.resolveSeverity();
        last = new WatchCondition(o.condition(), o.event(), o.target(), level,
            level == null ? null : o.condition() + ":" + level + ":" + now.getEpochSecond(), resolveKey, resolveSeverity,
            false, now);
        catalog.putWatchCondition(last);
      }
      if (last.notified()) {
        continue;
      }
      if (last.resolveKey() != null) {
        String summary = level == null ? o.summary()
            : o.summary() + " (" + last.resolveSeverity() + " superseded by " + level + ")";
        events.add(new NotificationEvent(o.event(), severity(last.resolveSeverity()), o.target(), summary, o.details(),
            last.resolveKey(), run, now, true));
      }
      if (level != null) {
        events.add(new NotificationEvent(o.event(), o.severity(), o.target(), o.summary(), o.details(),
            last.dedupKey(), run, now));
      }
      raised.add(last);
    }
    return new Plan(events, raised);
  }

  /** After the plan's events were all delivered: nothing of it is sent again. */
  void delivered(Plan plan) {
    plan.raised().forEach(catalog::watchConditionNotified);
  }

  private static NotificationSeverity severity(String label) {
    return NotificationSeverity.valueOf(label.toUpperCase(Locale.ROOT));
  }
}
