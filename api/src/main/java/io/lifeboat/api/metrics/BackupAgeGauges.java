package io.lifeboat.api.metrics;

import io.lifeboat.api.TargetStatuses;
import io.lifeboat.api.wire.TargetStatus;
import io.lifeboat.api.wire.TargetStatus.BackupAge;
import io.lifeboat.api.wire.TargetStatus.CopyLag;
import io.lifeboat.api.wire.TargetStatus.WalCopyLag;
import io.lifeboat.config.CopyLocationConfig;
import io.micrometer.core.instrument.Gauge;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-target gauges of the newest backup's age and the newest verified backup's age, in seconds
 * since their recovery points: what an RPO alert compares against. NaN when a target has none,
 * or when the catalog could not be read at the last refresh (stale ages would hide an outage).
 * Beside them, per target and off-site location, the replication lag: how far the newest verified
 * copy there is behind the newest backup (NaN when nothing is copied there yet); and for cluster
 * targets, how far each location's copy of the WAL archive is behind: the age of the oldest file
 * not yet copied ({@code lifeboat.wal.copy.lag}, 0 when none) and how many files that is
 * ({@code lifeboat.wal.copy.behind}); NaN until the WAL copier has checked.
 */
public final class BackupAgeGauges {
  private static final Logger LOG = LoggerFactory.getLogger(BackupAgeGauges.class);

  private final TargetStatuses statuses;
  private final Map<String, TargetStatus> latest = new ConcurrentHashMap<>();

  public BackupAgeGauges(TargetStatuses statuses, Iterable<String> targets, List<CopyLocationConfig> copies,
      ApiMetrics metrics) {
    this.statuses = statuses;
    for (String target : targets) {
      copies.stream().filter(c -> c.holds(target)).forEach(c -> {
        registerLag(metrics, target, c.getName());
        registerWalLag(metrics, target, c.getName());
      });
      register(metrics, "lifeboat.backup.newest.age", "Age of the newest backup's recovery point",
          target, TargetStatus::newestBackup);
      register(metrics, "lifeboat.backup.newest.verified.age",
          "Age of the newest verified backup's recovery point", target, TargetStatus::newestVerifiedBackup);
    }
  }

  /** Reads every target's newest backups from the catalog once; call before each scrape. */
  public void refresh() {
    try {
      Map<String, TargetStatus> fresh =
          statuses.all().stream().collect(Collectors.toMap(TargetStatus::name, status -> status));
      latest.keySet().retainAll(fresh.keySet());
      latest.putAll(fresh);
    } catch (RuntimeException e) {
      LOG.warn("Backup age gauges not refreshed: the catalog could not be read", e);
      latest.clear();
    }
  }

  private void register(ApiMetrics metrics, String name, String description, String target,
      Function<TargetStatus, BackupAge> which) {
    Gauge.builder(name, latest, current -> ageSeconds(current.get(target), which))
        .description(description)
        .baseUnit("seconds")
        .tag("target", target)
        .register(metrics.registry());
  }

  private void registerLag(ApiMetrics metrics, String target, String location) {
    Gauge.builder("lifeboat.replication.lag", latest, current -> lagSeconds(current.get(target), location))
        .description("How far the newest verified off-site copy's recovery point is behind the newest backup's")
        .baseUnit("seconds")
        .tag("target", target)
        .tag("location", location)
        .register(metrics.registry());
  }

  /** Registered for every target a location holds; NaN for targets without a WAL archive. */
  private void registerWalLag(ApiMetrics metrics, String target, String location) {
    Gauge.builder("lifeboat.wal.copy.lag", latest,
            current -> walLag(current.get(target), location, l -> l.lagSeconds() == null ? null : l.lagSeconds()
                .doubleValue()))
        .description("Age of the oldest archived WAL file not yet copied to the off-site location (0: none)")
        .baseUnit("seconds")
        .tag("target", target)
        .tag("location", location)
        .register(metrics.registry());
    Gauge.builder("lifeboat.wal.copy.behind", latest,
            current -> walLag(current.get(target), location, l -> l.pendingFiles() == null ? null : l.pendingFiles()
                .doubleValue()))
        .description("Archived WAL files not yet copied to the off-site location")
        .baseUnit("files")
        .tag("target", target)
        .tag("location", location)
        .register(metrics.registry());
  }

  private static double walLag(TargetStatus status, String location, Function<WalCopyLag, Double> value) {
    if (status == null || status.walCopies() == null) {
      return Double.NaN;
    }
    return status.walCopies().stream().filter(c -> c.location().equals(location)).findFirst()
        .map(value).orElse(Double.NaN);
  }

  private static double lagSeconds(TargetStatus status, String location) {
    if (status == null) {
      return Double.NaN;
    }
    return status.copies().stream().filter(c -> c.location().equals(location)).findFirst()
        .map(CopyLag::lagSeconds).map(Long::doubleValue).orElse(Double.NaN);
  }

  private static double ageSeconds(TargetStatus status, Function<TargetStatus, BackupAge> which) {
    BackupAge age = status == null ? null : which.apply(status);
    return age == null ? Double.NaN : age.ageSeconds();
  }
}
