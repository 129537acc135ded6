package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Duration;
import java.time.Instant;
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
  void findsNothingForAnUnknownRun() {
    assertThat(catalog.findRun("missing/1")).isEmpty();
  }

  private static RunEntry running(String runId, Instant startedAt) {
    return new RunEntry(
        runId, RunEntry.Type.BACKUP, "orders", null, RunEntry.Status.RUNNING, startedAt,
        null, null, null, null, null, null, null, null);
  }

  private static RunEntry completed(RunEntry running) {
    return new RunEntry(
        running.runId(), running.type(), running.target(), "b1", RunEntry.Status.COMPLETED,
        running.startedAt(), ENDED, Duration.ofMinutes(5), null, Duration.ofMinutes(15),
        Duration.ofHours(1), "schedule", null, null);
  }
}
