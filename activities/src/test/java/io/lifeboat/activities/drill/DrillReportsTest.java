package io.lifeboat.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.workflows.drill.DrillReport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/** A drill's reports kept in and read from a real S3 endpoint (S3Proxy), under a store prefix. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DrillReportsTest {
  @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();

  private ObjectStore bucket;
  private DrillReports reports;

  @BeforeEach
  void fresh() {
    bucket = S3.store("drills-" + System.nanoTime(), "site-a", ObjectStore.MIN_PART_SIZE, 1);
    reports = new DrillReports(bucket);
  }

  @Test
  void aReportIsKeptAsJsonMarkdownAndHtmlWithTheirContentTypes() {
    DrillReport passed = DrillReportSamples.passed();

    String key = reports.store(passed);

    assertThat(key).isEqualTo("_lifeboat/drills/" + passed.drillId() + "/report.json");
    assertThat(bucket.list(bucket.key("_lifeboat/drills/"))).containsExactly(
        "site-a/_lifeboat/drills/" + passed.drillId() + "/report.html",
        "site-a/_lifeboat/drills/" + passed.drillId() + "/report.json",
        "site-a/_lifeboat/drills/" + passed.drillId() + "/report.md");
    // S3Proxy's web server may drop the space before the charset.
    assertThat(contentType(passed.drillId(), "json")).isEqualTo("application/json");
    assertThat(contentType(passed.drillId(), "md")).isEqualTo("text/markdown;charset=utf-8");
    assertThat(contentType(passed.drillId(), "html")).isEqualTo("text/html;charset=utf-8");

    assertThat(reports.read(passed.drillId(), "json")).hasValueSatisfying(
        json -> assertThat(DrillReportJson.read(json)).isEqualTo(passed));
    assertThat(reports.read(passed.drillId(), "md")).hasValueSatisfying(
        md -> assertThat(new String(md, StandardCharsets.UTF_8)).isEqualTo(DrillReportMarkdown.render(passed)));
    assertThat(reports.read(passed.drillId(), "html")).hasValueSatisfying(
        html -> assertThat(new String(html, StandardCharsets.UTF_8)).isEqualTo(DrillReportHtml.render(passed)));
  }

  @Test
  void storingTheSameReportAgainWritesNothingAndAChangedOneReplacesIt() {
    AtomicInteger puts = new AtomicInteger();
    DrillReports counted = new DrillReports(new ObjectStore(countingPuts(S3.client(), puts), bucket.bucket(),
        "site-a", ObjectStore.MIN_PART_SIZE, 1));
    DrillReport passed = DrillReportSamples.passed();
    counted.store(passed);
    assertThat(puts).hasValue(3);

    assertThat(counted.store(passed)).isEqualTo(DrillReport.key(passed.drillId(), "json"));
    assertThat(puts).hasValue(3);

    DrillReport kept = new DrillReport(passed.drillId(), passed.subject(), false, passed.startedBy(), passed.reason(),
        passed.startedAt(), passed.endedAt(), true, passed.verdict(), passed.rtoObjectiveMillis(),
        passed.rpoObjectiveMillis(), passed.achievedRtoMillis(), passed.achievedRpoMillis(), true, true, passed.steps(),
        passed.targets(), passed.checks(), passed.scratch(), true, "kept running", null);
    counted.store(kept);
    assertThat(puts).hasValue(6);
    assertThat(reports.all()).containsExactly(kept);
  }

  @Test
  void everyReportIsReadBackForTheCatalogAndWhatDoesNotReadIsNamed() {
    reports.store(DrillReportSamples.failed());
    reports.store(DrillReportSamples.passed());
    bucket.put(bucket.key("_lifeboat/drills/drill-20260303-000000-cut/report.json"), "{\"drillId\": \"drill-2".getBytes());
    bucket.put(bucket.key("_lifeboat/drills/notes.txt"), "not a report".getBytes());

    List<String> unreadable = new ArrayList<>();
    List<DrillReport> all = reports.all(unreadable);

    assertThat(all).containsExactly(DrillReportSamples.passed(), DrillReportSamples.failed());
    assertThat(unreadable).singleElement().asString()
        .startsWith("site-a/_lifeboat/drills/drill-20260303-000000-cut/report.json: not a drill report: ");
    assertThat(new DrillReports(S3.store("empty-" + System.nanoTime(), "site-a", ObjectStore.MIN_PART_SIZE, 1)).all())
        .isEmpty();
  }

  @Test
  void aDrillWithoutAReportReadsAsEmpty() {
    assertThat(reports.read("drill-20260101-000000-never", "json")).isEmpty();
  }

  @Test
  void anIdThatIsNotADrillsNeverReachesAKey() {
    reports.store(DrillReportSamples.passed());
    bucket.put(bucket.key("_lifeboat/runs/backup:orders/run.json"), "{}".getBytes());

    for (String id : List.of("../runs/backup:orders", "drill-x/../../runs", "Drill-X", "drill-", "")) {
      assertThatThrownBy(() -> reports.read(id, "json"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("\"" + id + "\" is not a drill id: a drill id is drill- followed by lower-case letters, digits "
              + "and dashes (drill-20261204-203000-orders): give the drill's workflow id");
    }
    assertThatThrownBy(() -> reports.read(DrillReportSamples.PASSED_ID, "pdf"))
        .hasMessage("a drill's report is json, md or html, not \"pdf\": ask for one of those");
    DrillReport passed = DrillReportSamples.passed();
    DrillReport escaping = new DrillReport("drill-x/../../audit", passed.subject(), false, passed.startedBy(), null,
        passed.startedAt(), passed.endedAt(), true, passed.verdict(), null, null, null, null, null, null,
        List.of(), List.of(), List.of(), List.of(), false, null, null);
    assertThatThrownBy(() -> reports.store(escaping)).isInstanceOf(IllegalArgumentException.class);
    assertThat(bucket.list(bucket.key(""))).containsExactly("site-a/_lifeboat/drills/" + passed.drillId() + "/report.html",
        "site-a/_lifeboat/drills/" + passed.drillId() + "/report.json",
        "site-a/_lifeboat/drills/" + passed.drillId() + "/report.md", "site-a/_lifeboat/runs/backup:orders/run.json");
  }

  private static S3Client countingPuts(S3Client real, AtomicInteger puts) {
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> {
          if (method.getName().equals("putObject")) {
            puts.incrementAndGet();
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private String contentType(String drillId, String extension) {
    try (var client = S3.client()) {
      return client.headObject(b -> b.bucket(bucket.bucket()).key(bucket.key(DrillReport.key(drillId, extension))))
          .contentType().replace("; ", ";");
    }
  }
}
