package io.lifeboat.activities.notify;

import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.NewestCopy;
import io.lifeboat.config.NotificationSeverity;
import jakarta.annotation.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Off-site locations whose newest intact copy of a target is further behind the target's newest
 * backup than {@code notifications.replicationLag} (a warning). One condition per target and
 * location, followed by {@link ConditionLevels}: checked after a backup or a copies sync of the
 * target, and by the watch for every target.
 */
final class ReplicationLags {
  private final Catalog catalog;
  @Nullable private final Duration threshold;

  ReplicationLags(Catalog catalog, @Nullable Duration threshold) {
    this.catalog = catalog;
    this.threshold = threshold;
  }

  /** Whether lags are checked at all ({@code notifications.replicationLag} set). */
  boolean enabled() {
    return threshold != null;
  }

  /** Each location holding copies of {@code target}: behind by more than the threshold, or fine. */
  List<ConditionLevels.Observation> observe(String target) {
    if (threshold == null) {
      return List.of();
    }
    Optional<BackupEntry> newest = catalog.latestBackup(target);
    if (newest.isEmpty()) {
      return List.of();
    }
    List<ConditionLevels.Observation> observed = new ArrayList<>();
    for (NewestCopy copy : catalog.newestCopies(target)) {
      Duration lag = Duration.between(copy.recoveryPoint(), newest.get().recoveryPoint());
      boolean behind = lag.compareTo(threshold) > 0;
      observed.add(new ConditionLevels.Observation("replication-lag:" + target + ":" + copy.location(),
          "replication-lag", target, behind ? NotificationSeverity.WARNING : null,
          "copies of " + target + " at " + copy.location() + " are " + lag.toMinutes() + " min behind",
          "The newest intact copy at " + copy.location() + " is backup " + copy.backupId() + " (recovery point "
              + copy.recoveryPoint() + "), " + lag.toSeconds() + " s behind the newest backup "
              + newest.get().backupId() + "; the threshold is " + threshold.toSeconds() + " s."
              + (behind ? " Look at the location's copy runs." : "")));
    }
    return observed;
  }
}
