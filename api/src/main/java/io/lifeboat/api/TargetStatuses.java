package io.lifeboat.api;

import io.lifeboat.api.wire.TargetStatus;
import io.lifeboat.api.wire.TargetStatus.BackupAge;
import io.lifeboat.api.wire.TargetStatus.CopyLag;
import io.lifeboat.api.wire.TargetStatus.DrillStatus;
import io.lifeboat.api.wire.TargetStatus.Objectives;
import io.lifeboat.api.wire.TargetStatus.Storage;
import io.lifeboat.api.wire.TargetStatus.WalCopyLag;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.catalog.NewestCopy;
import io.lifeboat.catalog.StorageForecast;
import io.lifeboat.catalog.TargetStorage;
import io.lifeboat.catalog.WalCopyEntry;
import io.lifeboat.config.CopyLocationConfig;
import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.sources.SourceKinds;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How fresh each configured target's backups and off-site copies are, and how full its storage, from
 * the catalog. One read path for the targets endpoint and the gauges, so both always agree.
 */
public final class TargetStatuses {
  private final Map<String, TargetConfig> targets;
  private final List<CopyLocationConfig> copies;
  private final Catalog catalog;
  private final DrillsConfig drills;
  private final Clock clock;

  public TargetStatuses(Map<String, TargetConfig> targets, List<CopyLocationConfig> copies, DrillsConfig drills,
      Catalog catalog, Clock clock) {
    this.targets = targets;
    this.copies = copies;
    this.drills = drills;
    this.catalog = catalog;
    this.clock = clock;
  }

  /**
   * Every configured target, in the configuration's order. A handful of queries over all targets
   * at once, whatever their number: the scrape of /metrics and the dashboard read this every few
   * seconds, and a query per target made a scrape with 1,000 targets slow (docs/performance.md).
   */
  public List<TargetStatus> all() {
    Map<String, DrillEntry> lastDrills = catalog.lastDrills();
    Map<String, DrillEntry> lastPassing = catalog.lastPassingDrills();
    Map<String, StorageForecast> storage = TargetStorage.all(catalog, targets, clock.instant());
    Map<String, BackupEntry> newest = catalog.latestBackups();
    Map<String, BackupEntry> newestVerified = catalog.latestVerifiedBackups();
    Map<String, List<NewestCopy>> copied = copies.isEmpty() ? Map.of() : catalog.newestCopiesByTarget();
    Map<String, List<WalCopyEntry>> walCopied = copies.isEmpty() ? Map.of() : catalog.walCopiesByTarget();
    return targets.entrySet().stream().map(e -> {
      String name = e.getKey();
      return of(name, e.getValue(), drill(e.getValue(), lastDrills.get(name), lastPassing.get(name)),
          newest.get(name), newestVerified.get(name), copied.getOrDefault(name, List.of()),
          walCopied.getOrDefault(name, List.of()), storage(storage.get(name)));
    }).toList();
  }

  private TargetStatus of(String name, TargetConfig target, DrillStatus drill, BackupEntry newestBackup,
      BackupEntry newestVerifiedBackup, List<NewestCopy> copied, List<WalCopyEntry> walCopied, Storage storage) {
    Duration rpo = target.getRpo().toJavaDuration();
    Optional<BackupAge> newest = Optional.ofNullable(newestBackup).map(this::age);
    Optional<BackupAge> newestVerified = Optional.ofNullable(newestVerifiedBackup).map(this::age);
    boolean rpoBreached = newest.map(b -> b.ageSeconds() > rpo.toSeconds()).orElse(true);
    return new TargetStatus(name, target.kind(), new Objectives(rpo, target.getRto().toJavaDuration()),
        newest.orElse(null), newestVerified.orElse(null), rpoBreached, lags(name, newestBackup, copied),
        SourceKinds.POSTGRES_CLUSTER.equals(target.kind()) ? walLags(name, walCopied) : List.of(), drill, storage);
  }

  private static Storage storage(StorageForecast forecast) {
    Double used = forecast.usedFraction();
    return new Storage(forecast.usedBytes(), forecast.quotaBytes(), used == null ? null : used * 100,
        forecast.growthBytesPerDay(), forecast.daysUntilFull(), forecast.points(), forecast.describe());
  }

  /** Overdue when an interval is set and no drill passed within it; null when never drilled and none is set. */
  private DrillStatus drill(TargetConfig target, DrillEntry last, DrillEntry lastPassing) {
    Duration interval = drills.intervalOf(target);
    if (last == null && interval == null) {
      return null;
    }
    String problem = null;
    if (interval != null) {
      if (last == null) {
        problem = "never drilled";
      } else if (lastPassing == null) {
        problem = "drill overdue: no drill has passed, interval " + span(interval);
      } else {
        Duration since = Duration.between(lastPassing.startedAt(), clock.instant());
        if (since.compareTo(interval) > 0) {
          problem = "drill overdue: last passing drill " + span(since) + " ago, interval " + span(interval);
        }
      }
    }
    return new DrillStatus(last == null ? null : last.drillId(), last == null ? null : last.passed(),
        last == null ? null : last.startedAt(), last == null ? null : last.verdict(),
        last == null ? null : last.achievedRtoMillis(), last == null ? null : last.rtoObjectiveMillis(),
        last == null ? null : last.achievedRpoMillis(), last == null ? null : last.rpoObjectiveMillis(),
        lastPassing == null ? null : lastPassing.startedAt(), interval, problem != null, problem);
  }

  /** 95d, 12h, 30m: the largest whole unit, as intervals are written. */
  static String span(Duration duration) {
    if (duration.toDays() > 0) {
      return duration.toDays() + "d";
    }
    if (duration.toHours() > 0) {
      return duration.toHours() + "h";
    }
    return duration.toMinutes() + "m";
  }

  private List<CopyLag> lags(String target, BackupEntry newest, List<NewestCopy> newestCopies) {
    List<CopyLocationConfig> holding = copies.stream().filter(c -> c.holds(target)).toList();
    if (holding.isEmpty()) {
      return List.of();
    }
    Map<String, NewestCopy> copied = newestCopies.stream()
        .collect(Collectors.toMap(NewestCopy::location, Function.identity()));
    return holding.stream().map(location -> {
      NewestCopy copy = copied.get(location.getName());
      if (copy == null) {
        return new CopyLag(location.getName(), null, null, null, null);
      }
      long lag = newest == null ? 0 : Math.max(0, Duration.between(copy.recoveryPoint(), newest.recoveryPoint())
          .toSeconds());
      return new CopyLag(location.getName(), copy.backupId(), copy.recoveryPoint(), copy.copiedAt(), lag);
    }).toList();
  }

  /** Per location holding the target, what the WAL copier last recorded; "never checked" without a record. */
  private List<WalCopyLag> walLags(String target, List<WalCopyEntry> walCopies) {
    Map<String, WalCopyEntry> recorded = walCopies.stream()
        .collect(Collectors.toMap(WalCopyEntry::location, Function.identity()));
    return copies.stream().filter(c -> c.holds(target)).map(location -> {
      WalCopyEntry entry = recorded.get(location.getName());
      if (entry == null) {
        return new WalCopyLag(location.getName(), null, null, null, null, null);
      }
      Integer pending = entry.pending() < 0 ? null : entry.pending();
      Long lag = pending == null ? null : entry.oldestPendingAt() == null ? 0L
          : Math.max(0, Duration.between(entry.oldestPendingAt(), clock.instant()).toSeconds());
      return new WalCopyLag(location.getName(), pending, lag, entry.newestCopied(), entry.checkedAt(), entry.error());
    }).toList();
  }

  private BackupAge age(BackupEntry backup) {
    long ageSeconds = Duration.between(backup.recoveryPoint(), clock.instant()).toSeconds();
    return new BackupAge(backup.backupId(), backup.recoveryPoint(), backup.verifiedAt(), ageSeconds);
  }
}
