package io.lifeboat.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.lifeboat.api.testing.CatalogRows;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.config.CopyLocationConfig;
import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.ScheduleConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The state gauges as Prometheus scrapes them from the API server: each one's value after catalog
 * rows are written, NaN where nothing is known, NaN for every catalog value when the catalog cannot
 * be read, and every name among the agreed metric names the alert rules and dashboard use.
 */
class StateGaugesTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(\\{[^}]*\\})? (\\S+)$");

  @Test
  void gaugesReadWhatTheCatalogHoldsBeforeEachScrape() {
    Catalog catalog = catalog();
    ApiMetrics metrics = new ApiMetrics();
    StateGauges gauges = gauges(catalog, metrics, () -> 2);
    Instant older = NOW.minusSeconds(7200);
    Instant newer = NOW.minusSeconds(1800);
    CatalogRows.backup(catalog, "b-older", "orders", older);
    CatalogRows.backup(catalog, "b-newer", "orders", newer);
    catalog.markVerified("b-older", NOW.minusSeconds(3600));
    catalog.recordCopy(new CopyEntry("b-older", "offsite", "dr-bucket", "k", CopyEntry.Status.COPIED, older, older,
        null));
    catalog.recordRun(run("backup:orders/r1", RunEntry.Type.BACKUP, "orders", NOW.minusSeconds(600), "schedule:nightly",
        null, null, "nightly"));
    catalog.recordRun(run("runbook:r/r2", RunEntry.Type.RUNBOOK, null, NOW.minusSeconds(900), "alice",
        java.time.Duration.ofMinutes(5), java.time.Duration.ofMinutes(1), "runbook postgres-restore"));
    catalog.recordDrill(drill("d1", "orders", NOW.minusSeconds(86_400), true, 42_000L));
    catalog.recordDrill(drill("d2", "orders", NOW.minusSeconds(3_600), false, null));

    Map<String, Double> scraped = scrape(gauges, metrics);

    assertThat(scraped).containsEntry("lifeboat_backup_last_success_timestamp_seconds{target=\"orders\"}",
        (double) newer.getEpochSecond());
    assertThat(scraped).containsEntry("lifeboat_backup_last_verified_timestamp_seconds{target=\"orders\"}",
        (double) NOW.minusSeconds(3600).getEpochSecond());
    assertThat(scraped).containsEntry("lifeboat_backup_size_bytes{stage=\"raw\",target=\"orders\"}", 1_000.0);
    assertThat(scraped).containsEntry("lifeboat_backup_size_bytes{stage=\"stored\",target=\"orders\"}", 400.0);
    assertThat(scraped).containsEntry("lifeboat_target_rpo_seconds{target=\"orders\"}", 3600.0);
    assertThat(scraped).containsEntry("lifeboat_rpo_breached{target=\"orders\"}", 0.0);
    assertThat(scraped).containsEntry("lifeboat_rpo_breached{target=\"billing\"}", 1.0);
    assertThat(scraped).containsEntry("lifeboat_storage_used_bytes{location=\"primary\",target=\"orders\"}", 800.0);
    assertThat(scraped).containsEntry("lifeboat_storage_used_bytes{location=\"offsite\",target=\"orders\"}", 400.0);
    assertThat(scraped).containsEntry("lifeboat_storage_used_bytes{location=\"primary\",target=\"billing\"}", 0.0);
    assertThat(scraped).containsEntry("lifeboat_storage_quota_bytes{target=\"orders\"}", 10_240.0);
    assertThat(scraped).doesNotContainKey("lifeboat_storage_quota_bytes{target=\"billing\"}");
    assertThat(scraped).as("two backups are too few to fit a line")
        .containsEntry("lifeboat_storage_days_until_full{target=\"orders\"}", Double.NaN);
    assertThat(scraped).doesNotContainKey("lifeboat_storage_days_until_full{target=\"billing\"}");
    assertThat(scraped).containsEntry("lifeboat_recovery_rto_seconds{runbook=\"postgres-restore\"}", 300.0);
    assertThat(scraped).containsEntry("lifeboat_recovery_rpo_seconds{runbook=\"postgres-restore\"}", 60.0);
    assertThat(scraped).containsEntry("lifeboat_drill_rto_seconds{drill=\"orders\"}", Double.NaN);
    assertThat(scraped).containsEntry("lifeboat_drill_last_failed{drill=\"orders\"}", 1.0);
    assertThat(scraped).containsEntry("lifeboat_drill_last_success_timestamp_seconds{drill=\"orders\"}",
        (double) NOW.minusSeconds(86_400 - 60).getEpochSecond());
    assertThat(scraped).containsEntry("lifeboat_drill_interval_seconds{drill=\"orders\"}", 30 * 86_400.0);
    assertThat(scraped).containsEntry("lifeboat_drill_interval_seconds{drill=\"full-system-restore\"}", 7 * 86_400.0);
    assertThat(scraped).containsEntry("lifeboat_schedule_last_run_timestamp_seconds{schedule=\"orders:nightly\"}",
        (double) NOW.minusSeconds(600).getEpochSecond());
    assertThat(scraped).containsEntry("lifeboat_schedule_interval_seconds{schedule=\"orders:nightly\"}", 86_400.0);
    assertThat(scraped).containsEntry("lifeboat_approvals_waiting", 2.0);

    CatalogRows.backup(catalog, "b-newest", "billing", NOW.minusSeconds(60));
    assertThat(scrape(gauges, metrics)).containsEntry("lifeboat_rpo_breached{target=\"billing\"}", 0.0);
  }

  @Test
  void daysUntilFullFollowTheLineThroughWhatTheBucketHeldAfterEachBackup() {
    Catalog catalog = catalog();
    ApiMetrics metrics = new ApiMetrics();
    StateGauges gauges = gauges(catalog, metrics, () -> 0);
    // 400 stored bytes a day, each kept: 400, 800, 1200 bytes of a 10 KiB quota
    CatalogRows.backup(catalog, "b1", "orders", NOW.minusSeconds(2 * 86_400));
    CatalogRows.backup(catalog, "b2", "orders", NOW.minusSeconds(86_400));
    CatalogRows.backup(catalog, "b3", "orders", NOW);

    assertThat(scrape(gauges, metrics).get("lifeboat_storage_days_until_full{target=\"orders\"}"))
        .isCloseTo((10_240 - 1_200) / 400.0, org.assertj.core.data.Offset.offset(1e-6));

    for (String old : List.of("b1", "b2")) {
      catalog.markDeleting(old, NOW);
      catalog.markDeleted(old, NOW.plusSeconds(1));
    }
    assertThat(scrape(gauges, metrics).get("lifeboat_storage_days_until_full{target=\"orders\"}"))
        .as("the growth is the history's; what is left to fill is counted from what is held now")
        .isCloseTo((10_240 - 400) / 400.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void whatNothingIsKnownOfIsNaNAndACatalogThatCannotBeReadMakesEveryCatalogValueNaN() {
    Catalog catalog = catalog();
    ApiMetrics metrics = new ApiMetrics();
    StateGauges gauges = gauges(catalog, metrics, () -> {
      throw new IllegalStateException("Temporal is down");
    });

    Map<String, Double> empty = scrape(gauges, metrics);
    assertThat(empty).containsEntry("lifeboat_backup_last_success_timestamp_seconds{target=\"orders\"}", Double.NaN);
    assertThat(empty).containsEntry("lifeboat_backup_size_bytes{stage=\"raw\",target=\"orders\"}", Double.NaN);
    assertThat(empty).containsEntry("lifeboat_recovery_rto_seconds{runbook=\"postgres-restore\"}", Double.NaN);
    assertThat(empty).containsEntry("lifeboat_drill_last_failed{drill=\"orders\"}", Double.NaN);
    assertThat(empty).containsEntry("lifeboat_schedule_last_run_timestamp_seconds{schedule=\"orders:nightly\"}",
        Double.NaN);
    assertThat(empty).containsEntry("lifeboat_drill_interval_seconds{drill=\"billing\"}", 30 * 86_400.0);
    assertThat(empty).containsEntry("lifeboat_approvals_waiting", Double.NaN);

    Catalog unreadable = new Catalog(EmbeddedPostgresFixture.newDatabase().dataSource()); // no tables: never migrated
    ApiMetrics blindMetrics = new ApiMetrics();
    StateGauges blind = gauges(unreadable, blindMetrics, () -> 0);
    Map<String, Double> unknown = scrape(blind, blindMetrics);
    assertThat(unknown).containsEntry("lifeboat_rpo_breached{target=\"orders\"}", Double.NaN);
    assertThat(unknown).containsEntry("lifeboat_storage_used_bytes{location=\"primary\",target=\"orders\"}",
        Double.NaN);
    assertThat(unknown).containsEntry("lifeboat_target_rpo_seconds{target=\"orders\"}", 3600.0);
    assertThat(unknown).containsEntry("lifeboat_approvals_waiting", 0.0);
  }

  @Test
  void everyStateGaugeIsAnAgreedMetricName() throws IOException {
    ApiMetrics metrics = new ApiMetrics();
    Map<String, Double> scraped = scrape(gauges(catalog(), metrics, () -> 0), metrics);
    Set<String> names = new TreeSet<>();
    scraped.keySet().forEach(series -> names.add(series.replaceAll("\\{.*", "")));

    assertThat(names).hasSize(18);
    assertThat(agreedNames()).containsAll(names);
  }

  /** The list the alert rules' and the dashboard's names are checked against too. */
  static Set<String> agreedNames() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of("../deploy/prometheus/metric-names.txt"))) {
      String name = line.replaceAll("#.*", "").strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  private static StateGauges gauges(Catalog catalog, ApiMetrics metrics, WaitingApprovals approvals) {
    DrillsConfig drills = new DrillsConfig();
    drills.setEnabled(true);
    drills.setEvery(Duration.days(30));
    DrillsConfig.RunbookDrill weekly = new DrillsConfig.RunbookDrill();
    weekly.setEvery(Duration.days(7));
    drills.setRunbooks(Map.of("full-system-restore", weekly));
    CopyLocationConfig offsite = new CopyLocationConfig();
    offsite.setName("offsite");
    offsite.setTargets(List.of("orders"));
    return new StateGauges(catalog, targets(), List.of(offsite), drills, Set.of("postgres-restore"), approvals, CLOCK,
        metrics);
  }

  private static Map<String, TargetConfig> targets() {
    Map<String, TargetConfig> targets = new LinkedHashMap<>();
    for (String name : List.of("orders", "billing")) {
      TargetConfig target = new io.lifeboat.config.PostgresTargetConfig();
      target.setRpo(Duration.hours(1));
      target.setRto(Duration.hours(4));
      targets.put(name, target);
    }
    targets.get("orders").setStorageQuota(DataSize.kibibytes(10));
    ScheduleConfig nightly = new ScheduleConfig();
    nightly.setName("nightly");
    nightly.setAction(ScheduleConfig.Action.BACKUP);
    nightly.setCron("0 2 * * *");
    nightly.setTimeZone("UTC");
    targets.get("orders").setSchedules(List.of(nightly));
    return targets;
  }

  private static Catalog catalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    Catalog catalog = new Catalog(dataSource);
    catalog.syncTargets(targets());
    return catalog;
  }

  /** Each series of the scrape, as {@code name{labels}}, with its value. */
  private static Map<String, Double> scrape(StateGauges gauges, ApiMetrics metrics) {
    gauges.refresh();
    Map<String, Double> series = new TreeMap<>();
    for (String line : metrics.registry().scrape().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.matches()) {
        series.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
      }
    }
    return series;
  }

  private static RunEntry run(String id, RunEntry.Type type, String target, Instant started, String by,
      java.time.Duration rto, java.time.Duration rpo, String reason) {
    return new RunEntry(id, type, target, null, RunEntry.Status.COMPLETED, started, started.plusSeconds(60), rpo, rto,
        null, null, by, reason, null);
  }

  private static DrillEntry drill(String id, String subject, Instant at, boolean passed, Long rtoMillis) {
    return new DrillEntry(id, subject, true, List.of(subject), "alice", at, at.plusSeconds(60), passed,
        passed ? "passed" : "failed: restore failed", rtoMillis, null, null, null, "drills/" + id + ".json");
  }
}
