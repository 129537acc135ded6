package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogRunsTest {
  private static final Instant STARTED = Instant.parse("2025-03-01T01:00:00.000001Z");
  private static final Instant ENDED = Instant.parse("2025-03-01T01:20:00Z");

  private Catalog catalog;

  @BeforeEach
  void freshCatalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
  }

  @Test
  void roundTripsEveryField() {
    RunEntry restore =
        new RunEntry(
            RunEntry.runId("restore:orders:2025-03-01T01:00Z", "3f0c7a"),
            RunEntry.Type.RESTORE,
            "orders",
            "b1",
            RunEntry.Status.FAILED,
            STARTED,
            ENDED,
            Duration.ofMinutes(42),
            Duration.ofMinutes(20),
            Duration.ofMinutes(15),
            Duration.ofHours(1),
            "alice",
            "incident INC-7: orders database lost",
            "pg_restore exited with 1");

    catalog.recordRun(restore);

    assertThat(catalog.findRun("restore:orders:2025-03-01T01:00Z/3f0c7a")).contains(restore);
  }

  @Test
  void roundTripsARunningRunWithOnlyTheRequiredFields() {
    RunEntry running = running("backup:orders:1/r1", STARTED);

    catalog.recordRun(running);

    assertThat(catalog.findRun(running.runId())).contains(running);
  }

  @Test
  void recordingTheSameRunAgainUpdatesIt() {
    RunEntry running = running("backup:orders:1/r1", STARTED);
    RunEntry completed = completed(running);

    catalog.recordRun(running);
    catalog.recordRun(completed);
    catalog.recordRun(completed);

    assertThat(catalog.listRuns(10)).containsExactly(completed);
  }

  @Test
  void aLateStartRecordDoesNotReopenAFinishedRun() {
    RunEntry running = running("backup:orders:1/r1", STARTED);
    RunEntry completed = completed(running);

    catalog.recordRun(completed);
    catalog.recordRun(running);

    assertThat(catalog.findRun(running.runId())).contains(completed);
  }

  @Test
  void listsMostRecentlyStartedFirst() {
    catalog.recordRun(running("a/1", STARTED));
    catalog.recordRun(running("b/1", STARTED.plusSeconds(60)));
    catalog.recordRun(running("c/1", STARTED.minusSeconds(60)));

    assertThat(catalog.listRuns(10)).extracting(RunEntry::runId).containsExactly("b/1", "a/1", "c/1");
    assertThat(catalog.listRuns(1)).extracting(RunEntry::runId).containsExactly("b/1");
  }

  @Test
  void filtersByTargetTypeAndStatusAloneOrTogetherAndTheLimitCountsWhatMatches() {
    catalog.recordRun(run("backup:orders/1", RunEntry.Type.BACKUP, "orders", RunEntry.Status.COMPLETED, 1));
    catalog.recordRun(run("backup:orders/2", RunEntry.Type.BACKUP, "orders", RunEntry.Status.FAILED, 2));
    catalog.recordRun(run("verify:orders/3", RunEntry.Type.VERIFY, "orders", RunEntry.Status.FAILED, 3));
    catalog.recordRun(run("backup:billing/4", RunEntry.Type.BACKUP, "billing", RunEntry.Status.FAILED, 4));
    catalog.recordRun(run("runbook:shop/5", RunEntry.Type.RUNBOOK, null, RunEntry.Status.RUNNING, 5));
    catalog.recordRun(run("backup:orders/6", RunEntry.Type.BACKUP, "orders", RunEntry.Status.FAILED, 6));

    assertThat(ids(catalog.listRuns("orders", null, null, 10)))
        .containsExactly("backup:orders/6", "verify:orders/3", "backup:orders/2", "backup:orders/1");
    assertThat(ids(catalog.listRuns(null, RunEntry.Type.BACKUP, null, 10)))
        .containsExactly("backup:orders/6", "backup:billing/4", "backup:orders/2", "backup:orders/1");
    assertThat(ids(catalog.listRuns(null, null, RunEntry.Status.RUNNING, 10))).containsExactly("runbook:shop/5");
    assertThat(ids(catalog.listRuns("orders", RunEntry.Type.BACKUP, RunEntry.Status.FAILED, 10)))
        .containsExactly("backup:orders/6", "backup:orders/2");
    // The newest matching run, not the newest run filtered afterwards.
    assertThat(ids(catalog.listRuns("orders", RunEntry.Type.VERIFY, null, 1))).containsExactly("verify:orders/3");
    assertThat(ids(catalog.listRuns("billing", RunEntry.Type.VERIFY, null, 10))).isEmpty();
    assertThat(ids(catalog.listRuns("nowhere", null, null, 10))).isEmpty();
    assertThat(catalog.listRuns(null, null, null, 10)).hasSize(6);
  }

  @Test
  void findsNothingForAnUnknownRun() {
    assertThat(catalog.findRun("missing/1")).isEmpty();
  }

  private static RunEntry running(String runId, Instant startedAt) {
    return new RunEntry(
        runId, RunEntry.Type.BACKUP, "orders", null, RunEntry.Status.RUNNING, startedAt,
        null, null, null, null, null, null, null, null);
  }

  private static RunEntry run(String runId, RunEntry.Type type, String target, RunEntry.Status status, int minute) {
    return new RunEntry(runId, type, target, null, status, STARTED.plusSeconds(60L * minute),
        null, null, null, null, null, null, null, null);
  }

  private static List<String> ids(List<RunEntry> runs) {
    return runs.stream().map(RunEntry::runId).toList();
  }

  private static RunEntry completed(RunEntry running) {
    return new RunEntry(
        running.runId(), running.type(), running.target(), "b1", RunEntry.Status.COMPLETED,
        running.startedAt(), ENDED, Duration.ofMinutes(5), null, Duration.ofMinutes(15),
        Duration.ofHours(1), "schedule", null, null);
  }
}
