package io.lifeboat.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.drill.DrillReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code catalog rebuild} finds drills again from the JSON reports a real S3 (S3Proxy) keeps. */
class DrillReportIndexTest {
  @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();
  private static final Instant AT = Instant.parse("2026-09-01T03:00:00Z");
  private static final ObjectMapper WRITER = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Test
  void indexesEveryReportOfTheBucketAndNamesTheUnreadableOnes() throws Exception {
    ObjectStore bucket = S3.store("drills-" + System.nanoTime(), "site-a", ObjectStore.MIN_PART_SIZE, 1);
    DrillReport runbook = report("drill-20260901-030000-full", "full", false, true, List.of(
        target("orders"), target("cache")));
    DrillReport ofTarget = report("drill-20260902-030000-orders", "orders", true, false, List.of());
    put(bucket, runbook);
    put(bucket, ofTarget);
    bucket.put(bucket.key(DrillReport.key(runbook.drillId(), "md")), "# a report".getBytes(StandardCharsets.UTF_8));
    bucket.put(bucket.key(DrillReport.key("drill-broken", "json")), "{not json".getBytes(StandardCharsets.UTF_8));

    List<String> unreadable = new ArrayList<>();
    List<DrillEntry> entries = DrillReportIndex.entries(bucket, unreadable);

    assertThat(entries).extracting(DrillEntry::drillId).containsExactly(runbook.drillId(), ofTarget.drillId());
    assertThat(entries.get(0).targets()).containsExactly("orders", "cache");
    assertThat(entries.get(0).reportKey()).isEqualTo("_lifeboat/drills/drill-20260901-030000-full/report.json");
    assertThat(entries.get(0).startedAt()).isEqualTo(AT);
    assertThat(entries.get(1).passed()).isFalse();
    assertThat(entries.get(1).targets()).containsExactly("orders");
    assertThat(unreadable).singleElement().asString()
        .startsWith("site-a/_lifeboat/drills/drill-broken/report.json: not a drill report: ");

    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    Catalog catalog = new Catalog(dataSource);
    entries.forEach(catalog::recordDrill);
    entries.forEach(catalog::recordDrill);
    assertThat(catalog.drills(null, 10)).containsExactly(entries.get(1), entries.get(0));
    assertThat(catalog.lastPassingDrills()).containsOnlyKeys("orders", "cache");
  }

  private static void put(ObjectStore bucket, DrillReport report) throws Exception {
    bucket.put(bucket.key(DrillReport.key(report.drillId(), "json")), WRITER.writeValueAsBytes(report));
  }

  private static DrillReport.Target target(String name) {
    return new DrillReport.Target(name, "b-" + name, AT.minusSeconds(600), 600_000L, 3_600_000L, true, 30_000L,
        7_200_000L, true);
  }

  private static DrillReport report(String id, String subject, boolean ofTarget, boolean passed,
      List<DrillReport.Target> targets) {
    return new DrillReport(id, subject, ofTarget, "alice", "quarterly", AT.plusSeconds(ofTarget ? 86_400 : 0),
        AT.plusSeconds(60), passed, passed ? "passed: RTO 1m of 2h, RPO 10m of 1h" : "failed: restore refused",
        7_200_000L, 3_600_000L, 60_000L, 600_000L, passed, passed, List.of(), targets, List.of(), List.of(), false,
        "removed", null);
  }
}
