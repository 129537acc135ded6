package io.lifeboat.api.metrics;

import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.catalog.ScheduledRunTime;
import io.lifeboat.catalog.StorageForecast;
import io.lifeboat.catalog.StoredBytes;
import io.lifeboat.catalog.TargetStorage;
import io.lifeboat.config.CopyLocationConfig;
import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.ScheduleConfig;
import io.lifeboat.config.TargetConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state an alert compares against, read from the catalog and the configuration before each
 * scrape: when each target last backed up and was verified, its newest backup's size, its RPO and
 * whether it is breached, what the last recovery and each drill achieved, each drill's and each
 * schedule's interval and last run, the bytes stored per location against an optional quota with
 * the days until it is full ({@link TargetStorage}), and
 * the approvals waiting. Labels are configured names only (targets, runbooks, schedules,
 * locations), registered once at start, so the series stay bounded. A value nothing is known of
 * is NaN, and every catalog value is NaN while the catalog cannot be read: a stale value would
 * hide the outage, and a NaN never satisfies an alert's comparison (the scrape-down alert covers it).
 */
public final class StateGauges {
  private static final Logger LOG = LoggerFactory.getLogger(StateGauges.class);

  private final Catalog catalog;
  private final WaitingApprovals approvals;
  private final Clock clock;
  private final Map<String, TargetConfig> targets;
  private volatile CatalogState state = CatalogState.UNKNOWN;
  private volatile double waitingApprovals = Double.NaN;

  public StateGauges(Catalog catalog, Map<String, TargetConfig> targets, List<CopyLocationConfig> copies,
      DrillsConfig drills, Set<String> runbooks, WaitingApprovals approvals, Clock clock, ApiMetrics metrics) {
    this.catalog = catalog;
    this.approvals = approvals;
    this.clock = clock;
    this.targets = Map.copyOf(targets);
    targets.forEach((name, target) -> registerTarget(metrics, name, target, copies, drills.intervalOf(target)));
    for (String runbook : runbooks) {
      Tags tags = Tags.of("runbook", runbook);
      gauge(metrics, "lifeboat.recovery.rto", "seconds", "Achieved RTO of the runbook's last completed recovery",
          tags, s -> seconds(s.recoveries().get(runbook), RunEntry::achievedRto));
      gauge(metrics, "lifeboat.recovery.rpo", "seconds", "Achieved RPO of the runbook's last completed recovery",
          tags, s -> seconds(s.recoveries().get(runbook), RunEntry::achievedRpo));
    }
    drills.getRunbooks().forEach((runbook, drill) -> {
      if (!targets.containsKey(runbook)) { // a target and a runbook of one name share the drill's series
        registerDrill(metrics, runbook, drills.isEnabled() && drill.isEnabled()
            ? (drill.getEvery() != null ? drill.getEvery() : drills.getEvery()).toJavaDuration() : null);
      }
    });
    Gauge.builder("lifeboat.approvals.waiting", this, self -> self.waitingApprovals)
        .description("Runbook steps waiting for a person's approval")
        .strongReference(true)
        .register(metrics.registry());
  }

  /** Reads the catalog (a few queries, all targets at once) and the approvals; call before each scrape. */
  public void refresh() {
    try {
      state = CatalogState.read(catalog, targets, clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("State gauges not refreshed: the catalog could not be read", e);
      state = CatalogState.UNKNOWN;
    }
    try {
      waitingApprovals = approvals.count();
    } catch (RuntimeException e) {
      LOG.warn("Approvals waiting not counted: the runbook runs could not be asked", e);
      waitingApprovals = Double.NaN;
    }
  }

  private void registerTarget(ApiMetrics metrics, String name, TargetConfig target, List<CopyLocationConfig> copies,
      Duration drillInterval) {
    Tags tags = Tags.of("target", name);
    gauge(metrics, "lifeboat.backup.last.success.timestamp", "seconds",
        "When the target's newest completed backup was made (Unix time)", tags,
        s -> epochSeconds(s.newest().get(name), BackupEntry::createdAt));
    gauge(metrics, "lifeboat.backup.last.verified.timestamp", "seconds",
        "When the target's newest verified backup was last verified (Unix time)", tags,
        s -> epochSeconds(s.newestVerified().get(name), BackupEntry::verifiedAt));
    gauge(metrics, "lifeboat.backup.size", "bytes", "Size of the target's newest completed backup: raw (before compression) or stored",
        tags.and("stage", "raw"), s -> bytes(s.newest().get(name), BackupEntry::rawBytes));
    gauge(metrics, "lifeboat.backup.size", "bytes", "Size of the target's newest completed backup: raw (before compression) or stored",
        tags.and("stage", "stored"), s -> bytes(s.newest().get(name), BackupEntry::storedBytes));
    Duration rpo = target.getRpo().toJavaDuration();
    gauge(metrics, "lifeboat.target.rpo", "seconds", "The target's configured recovery point objective", tags,
        s -> rpo.toSeconds());
    gauge(metrics, "lifeboat.rpo.breached", null,
        "1 when the target's newest backup's recovery point (or none at all) is older than its RPO, else 0", tags,
        s -> breached(s, name, rpo));
    for (String location : locations(name, copies)) {
      gauge(metrics, "lifeboat.storage.used", "bytes", "Stored bytes of the target's backups at the location",
          tags.and("location", location), s -> s.known() ? s.stored().getOrDefault(name, Map.of())
              .getOrDefault(location, 0L) : Double.NaN);
    }
    if (target.getStorageQuota() != null) {
      long quota = target.getStorageQuota().toBytes();
      gauge(metrics, "lifeboat.storage.quota", "bytes", "The target's configured storage quota in the primary bucket",
          tags, s -> quota);
      gauge(metrics, "lifeboat.storage.days.until.full", null,
          "Days until the target's backups fill its quota at the growth of the last 30 days (0 once full);"
              + " NaN while not growing or with fewer than 3 backups to fit", tags,
          s -> s.storage().containsKey(name) && s.storage().get(name).daysUntilFull() != null
              ? s.storage().get(name).daysUntilFull() : Double.NaN);
    }
    for (ScheduleConfig schedule : target.getSchedules()) {
      registerSchedule(metrics, name, schedule);
    }
    registerDrill(metrics, name, drillInterval);
  }

  private void registerSchedule(ApiMetrics metrics, String target, ScheduleConfig schedule) {
    String label = target + ":" + schedule.getName();
    Tags tags = Tags.of("schedule", label);
    gauge(metrics, "lifeboat.schedule.last.run.timestamp", "seconds",
        "When the schedule's newest run started (Unix time)", tags,
        s -> s.known() && s.scheduleRuns().containsKey(label) ? s.scheduleRuns().get(label).getEpochSecond()
            : Double.NaN);
    double interval = CronInterval.longestGap(schedule.getCron(), ZoneId.of(schedule.getTimeZone()))
        .map(d -> (double) d.toSeconds()).orElse(Double.NaN);
    gauge(metrics, "lifeboat.schedule.interval", "seconds", "The longest wait between two firings of the schedule",
        tags, s -> interval);
  }

  /** {@code interval} null: no scheduled drill, so never overdue. */
  private void registerDrill(ApiMetrics metrics, String drill, Duration interval) {
    Tags tags = Tags.of("drill", drill);
    gauge(metrics, "lifeboat.drill.rto", "seconds", "Achieved RTO of the newest drill", tags,
        s -> millisAsSeconds(s.lastDrills().get(drill), DrillEntry::achievedRtoMillis));
    gauge(metrics, "lifeboat.drill.rpo", "seconds", "Achieved RPO of the newest drill", tags,
        s -> millisAsSeconds(s.lastDrills().get(drill), DrillEntry::achievedRpoMillis));
    gauge(metrics, "lifeboat.drill.last.success.timestamp", "seconds", "When the newest passing drill ended (Unix time)",
        tags, s -> epochSeconds(s.lastPassingDrills().get(drill), DrillEntry::endedAt));
    gauge(metrics, "lifeboat.drill.last.failed", null, "1 when the newest drill failed, 0 when it passed", tags,
        s -> s.lastDrills().containsKey(drill) ? (s.lastDrills().get(drill).passed() ? 0 : 1) : Double.NaN);
    double seconds = interval == null ? Double.NaN : interval.toSeconds();
    gauge(metrics, "lifeboat.drill.interval", "seconds", "How often the drill is to run; a drill older than it is due",
        tags, s -> seconds);
  }

  private void gauge(ApiMetrics metrics, String name, String unit, String description, Tags tags,
      ToDoubleFunction<CatalogState> value) {
    Gauge.builder(name, this, self -> value.applyAsDouble(self.state))
        .description(description)
        .baseUnit(unit)
        .tags(tags)
        .strongReference(true)
        .register(metrics.registry());
  }

  private double breached(CatalogState s, String target, Duration rpo) {
    if (!s.known()) {
      return Double.NaN;
    }
    BackupEntry newest = s.newest().get(target);
    return newest == null || Duration.between(newest.recoveryPoint(), clock.instant()).compareTo(rpo) > 0 ? 1 : 0;
  }

  private static List<String> locations(String target, List<CopyLocationConfig> copies) {
    List<String> locations = new java.util.ArrayList<>(List.of(StoredBytes.PRIMARY));
    copies.stream().filter(c -> c.holds(target)).map(CopyLocationConfig::getName).forEach(locations::add);
    return locations;
  }

  private static <T> double epochSeconds(T entry, java.util.function.Function<T, Instant> when) {
    Instant at = entry == null ? null : when.apply(entry);
    return at == null ? Double.NaN : at.toEpochMilli() / 1000.0;
  }

  private static double bytes(BackupEntry entry, ToDoubleFunction<BackupEntry> size) {
    return entry == null ? Double.NaN : size.applyAsDouble(entry);
  }

  private static double seconds(RunEntry run, java.util.function.Function<RunEntry, Duration> measure) {
    Duration d = run == null ? null : measure.apply(run);
    return d == null ? Double.NaN : d.toMillis() / 1000.0;
  }

  private static double millisAsSeconds(DrillEntry drill, java.util.function.Function<DrillEntry, Long> measure) {
    Long millis = drill == null ? null : measure.apply(drill);
    return millis == null ? Double.NaN : millis / 1000.0;
  }

  /** One read of the catalog; {@code known} false when it could not be read. */
  private record CatalogState(boolean known, Map<String, BackupEntry> newest, Map<String, BackupEntry> newestVerified,
      Map<String, Map<String, Long>> stored, Map<String, RunEntry> recoveries, Map<String, DrillEntry> lastDrills,
      Map<String, DrillEntry> lastPassingDrills, Map<String, Instant> scheduleRuns,
      Map<String, StorageForecast> storage) {
    static final CatalogState UNKNOWN =
        new CatalogState(false, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    static CatalogState read(Catalog catalog, Map<String, TargetConfig> targets, Instant now) {
      Map<String, Map<String, Long>> stored = new LinkedHashMap<>();
      for (StoredBytes b : catalog.storedBytes()) {
        stored.computeIfAbsent(b.target(), t -> new LinkedHashMap<>()).put(b.location(), b.bytes());
      }
      Map<String, Instant> scheduleRuns = new LinkedHashMap<>();
      for (ScheduledRunTime run : catalog.lastScheduledRuns()) {
        scheduleRuns.put(run.target() + ":" + run.schedule(), run.startedAt());
      }
      return new CatalogState(true, catalog.latestBackups(), catalog.latestVerifiedBackups(), stored,
          catalog.lastRecoveries(), catalog.lastDrillsBySubject(false), catalog.lastDrillsBySubject(true),
          scheduleRuns, TargetStorage.all(catalog, targets, now));
    }
  }
}
