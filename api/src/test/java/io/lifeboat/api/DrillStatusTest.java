package io.lifeboat.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.Duration;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.wire.TargetStatus;
import io.lifeboat.api.wire.TargetStatus.DrillStatus;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A target's status shows its last drill and flags a target whose last passing drill is older than
 * its drill interval, or that was never drilled; with drills off, nothing is overdue.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DrillStatusTest {
  private static final DropwizardAppExtension<LifeboatConfiguration> APP =
      ApiFixture.app(EmbeddedPostgresFixture.newDatabase());
  private static final Instant AT = Instant.parse("2026-06-01T03:00:00Z");
  private static final Clock NOW = Clock.fixed(AT.plus(java.time.Duration.ofDays(95)), ZoneOffset.UTC);

  @Test
  void aTargetWhoseLastPassingDrillIsOlderThanItsIntervalIsOverdueAndOneNeverDrilledSaysSo() {
    Catalog catalog = catalog();
    DrillEntry passed = drill("drill-1", AT, true);
    DrillEntry failed = drill("drill-2", AT.plus(java.time.Duration.ofDays(94)), false);
    catalog.recordDrill(passed);
    catalog.recordDrill(failed);
    DrillsConfig drills = new DrillsConfig();
    drills.setEnabled(true);
    drills.setEvery(Duration.days(90));

    Map<String, DrillStatus> statuses = statuses(drills, catalog);

    DrillStatus orders = statuses.get("orders");
    assertThat(orders.drillId()).isEqualTo("drill-2");
    assertThat(orders.passed()).isFalse();
    assertThat(orders.achievedRtoMillis()).isEqualTo(42_000L);
    assertThat(orders.lastPassedAt()).isEqualTo(AT);
    assertThat(orders.interval()).isEqualTo(java.time.Duration.ofDays(90));
    assertThat(orders.overdue()).isTrue();
    assertThat(orders.problem()).isEqualTo("drill overdue: last passing drill 95d ago, interval 90d");
    DrillStatus billing = statuses.get("billing");
    assertThat(billing.drillId()).isNull();
    assertThat(billing.overdue()).isTrue();
    assertThat(billing.problem()).isEqualTo("never drilled");

    drills.setEvery(Duration.days(100));
    assertThat(statuses(drills, catalog).get("orders").overdue()).isFalse();
    assertThat(statuses(drills, catalog).get("orders").problem()).isNull();
  }

  @Test
  void withDrillsOffTheLastDrillIsShownAndNothingIsOverdue() {
    Catalog catalog = catalog();
    catalog.recordDrill(drill("drill-1", AT, true));

    Map<String, DrillStatus> statuses = statuses(new DrillsConfig(), catalog);

    assertThat(statuses.get("orders").passed()).isTrue();
    assertThat(statuses.get("orders").overdue()).isFalse();
    assertThat(statuses.get("orders").interval()).isNull();
    assertThat(statuses).doesNotContainKey("billing");
  }

  private static Catalog catalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    return new Catalog(dataSource);
  }

  /** Target → its drill status, for the targets that have one. */
  private static Map<String, DrillStatus> statuses(DrillsConfig drills, Catalog catalog) {
    List<TargetStatus> all = new TargetStatuses(APP.getConfiguration().getTargets(), List.of(), drills, catalog, NOW)
        .all();
    return all.stream().filter(s -> s.drill() != null).collect(Collectors.toMap(TargetStatus::name,
        TargetStatus::drill));
  }

  private static DrillEntry drill(String id, Instant at, boolean passed) {
    return new DrillEntry(id, "orders", true, List.of("orders"), "alice", at, at.plusSeconds(60), passed,
        passed ? "passed" : "failed", 42_000L, 600_000L, 14_400_000L, 3_600_000L, "_lifeboat/drills/" + id
        + "/report.json");
  }
}
