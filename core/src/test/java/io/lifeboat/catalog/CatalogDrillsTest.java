package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogDrillsTest {
  private static final Instant T0 = Instant.parse("2026-09-01T03:00:00.000001Z");

  private Catalog catalog;

  @BeforeEach
  void freshCatalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
  }

  @Test
  void roundTripsEveryFieldWithItsTargetsInOrder() {
    DrillEntry drill = new DrillEntry("drill-20260901-030000-full-system-restore", "full-system-restore", false,
        List.of("orders", "cache", "assets"), "alice", T0, T0.plusSeconds(95), true, "passed: RTO 1m35s of 2h",
        95_000L, 3_600_000L, 7_200_000L, 14_400_000L, "_lifeboat/drills/x/report.json");

    catalog.recordDrill(drill);

    assertThat(catalog.drill(drill.drillId())).contains(drill);
  }

  @Test
  void aFailedDrillWithoutMeasuresRoundTripsItsNulls() {
    DrillEntry drill = new DrillEntry("d1", "orders", true, List.of("orders"), null, T0, null, false,
        "failed: restore refused", null, null, null, null, "_lifeboat/drills/d1/report.json");

    catalog.recordDrill(drill);

    assertThat(catalog.drill("d1")).contains(drill);
    assertThat(catalog.drill("d2")).isEmpty();
  }

  @Test
  void recordingTheSameDrillAgainReplacesItAndItsTargets() {
    DrillEntry first = drill("d1", "runbook", List.of("orders", "cache"), T0, false);
    DrillEntry again = drill("d1", "runbook", List.of("cache"), T0, true);

    catalog.recordDrill(first);
    catalog.recordDrill(again);
    catalog.recordDrill(again);

    assertThat(catalog.drills(null, 10)).containsExactly(again);
    assertThat(catalog.drills("orders", 10)).isEmpty();
  }

  @Test
  void listsNewestFirstOfOneTargetOrAllWithinTheLimit() {
    DrillEntry old = drill("d1", "orders", List.of("orders"), T0, true);
    DrillEntry runbook = drill("d2", "full", List.of("orders", "cache"), T0.plusSeconds(60), false);
    DrillEntry cache = drill("d3", "cache", List.of("cache"), T0.plusSeconds(120), true);
    catalog.recordDrill(runbook);
    catalog.recordDrill(cache);
    catalog.recordDrill(old);

    assertThat(catalog.drills(null, 10)).containsExactly(cache, runbook, old);
    assertThat(catalog.drills(null, 2)).containsExactly(cache, runbook);
    assertThat(catalog.drills("orders", 10)).containsExactly(runbook, old);
    assertThat(catalog.drills("nothing", 10)).isEmpty();
  }

  @Test
  void theLastDrillOfEachTargetAndItsLastPassingOne() {
    DrillEntry passed = drill("d1", "orders", List.of("orders"), T0, true);
    DrillEntry failedRunbook = drill("d2", "full", List.of("orders", "cache"), T0.plusSeconds(60), false);
    DrillEntry neverPassed = drill("d3", "sessions", List.of("sessions"), T0.plusSeconds(30), false);
    catalog.recordDrill(passed);
    catalog.recordDrill(failedRunbook);
    catalog.recordDrill(neverPassed);

    assertThat(catalog.lastDrills()).containsOnlyKeys("orders", "cache", "sessions")
        .containsEntry("orders", failedRunbook).containsEntry("cache", failedRunbook)
        .containsEntry("sessions", neverPassed);
    assertThat(catalog.lastPassingDrills()).containsOnlyKeys("orders").containsEntry("orders", passed);
  }

  private static DrillEntry drill(String id, String subject, List<String> targets, Instant at, boolean passed) {
    return new DrillEntry(id, subject, targets.size() == 1 && targets.get(0).equals(subject), targets, "alice", at,
        at.plusSeconds(10), passed, passed ? "passed" : "failed", 10_000L, 60_000L, 3_600_000L, 3_600_000L,
        "_lifeboat/drills/" + id + "/report.json");
  }
}
