package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.manifest.Sha256;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the catalog queues for the bucket: the audit chain, runs (never a finished one turned back), copies. */
class CatalogBucketRecordsTest {
  private static final Instant AT = Instant.parse("2026-01-31T03:00:00.000001234Z");

  private Catalog catalog;

  @BeforeEach
  void freshCatalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
  }

  @Test
  void eachAuditEventIsQueuedChainedToTheOneBeforeIt() {
    AuditEntry first = catalog.appendAudit(new AuditEntry(null, AT, "alice", "start", null, "r", null, null,
        "REQUESTED", "key k"));
    AuditEntry second = catalog.appendAudit(new AuditEntry(null, AT.plusSeconds(1), "alice", "start", "runbook:r:k/1",
        "r", null, null, AuditEntry.ACCEPTED, null));

    List<BucketWrite> queued = catalog.pendingBucketWrites(10);
    assertThat(queued).extracting(BucketWrite::key)
        .containsExactly(BucketRecords.auditKey(first.id()), BucketRecords.auditKey(second.id()));
    BucketRecords.AuditEvent one = BucketRecords.readAudit(queued.get(0).body());
    BucketRecords.AuditEvent two = BucketRecords.readAudit(queued.get(1).body());
    assertThat(one.previousSha256()).isNull();
    assertThat(two.previousSha256()).isEqualTo(Sha256.of(queued.get(0).body()));
    // Kept as the catalog keeps it: to the microsecond.
    assertThat(one.entry()).isEqualTo(first).isEqualTo(catalog.listAudit(null, 10).get(1));
    assertThat(first.at()).isEqualTo(Instant.parse("2026-01-31T03:00:00.000001Z"));

    catalog.bucketWritten(queued.get(0));
    assertThat(catalog.pendingBucketWrites(10)).extracting(BucketWrite::key)
        .containsExactly(BucketRecords.auditKey(second.id()));
  }

  @Test
  void aLateRunningRecordOfAFinishedRunIsNeitherKeptNorQueued() {
    RunEntry running = run(RunEntry.Status.RUNNING, null);
    RunEntry done = run(RunEntry.Status.COMPLETED, AT.plusSeconds(60));
    catalog.recordRun(running);
    catalog.recordRun(done);
    catalog.recordRun(running);

    List<BucketWrite> queued = catalog.pendingBucketWrites(10);
    assertThat(queued).hasSize(2).allSatisfy(w -> assertThat(w.key()).isEqualTo(
        "_lifeboat/runs/backup:orders/0f9e.json"));
    assertThat(BucketRecords.readRun(queued.get(1).body())).isEqualTo(catalog.findRun(done.runId()).orElseThrow());
  }

  @Test
  void restoringHistoryTwiceGivesTheSameCatalogAndNewEventsContinueTheSequence() {
    AuditEntry event = new AuditEntry(41L, AT, "bob", "abort", "runbook:a:1/x", "a", null, "why", "ACCEPTED", null);
    BucketHistory history = new BucketHistory(List.of(run(RunEntry.Status.COMPLETED, AT.plusSeconds(5))),
        List.of(new BucketHistory.ChainedAudit(event, null, "ab")), Map.of(), List.of());
    catalog.restoreHistory(history);
    catalog.restoreHistory(history);

    assertThat(catalog.listRuns(10)).hasSize(1);
    assertThat(catalog.listAudit(null, 10)).containsExactly(new AuditEntry(41L, Instant.parse(
        "2026-01-31T03:00:00.000001Z"), "bob", "abort", "runbook:a:1/x", "a", null, "why", "ACCEPTED", null));
    assertThat(catalog.pendingBucketWrites(10)).isEmpty();
    AuditEntry next = catalog.appendAudit(new AuditEntry(null, AT, "bob", "start", null, null, null, null,
        "REQUESTED", null));
    assertThat(next.id()).isEqualTo(42L);
    assertThat(BucketRecords.readAudit(catalog.pendingBucketWrites(10).get(0).body()).previousSha256())
        .isEqualTo("ab");
  }

  @Test
  void aRebuildReportsTheBucketsEventsItLeavesOutBecauseTheCatalogHoldsAnotherUnderTheirNumber() {
    AuditEntry own = catalog.appendAudit(new AuditEntry(null, AT, "alice", "start", null, "r", null, null,
        "REQUESTED", null));
    AuditEntry bucketsOne = new AuditEntry(own.id(), AT, "bob", "abort", "runbook:a:1/x", "a", null, "why",
        "ACCEPTED", null);
    AuditEntry bucketsTwo = new AuditEntry(own.id() + 1, AT, "bob", "start", null, "a", null, null, "ACCEPTED", null);
    String ownSha256 = Sha256.of(catalog.pendingBucketWrites(1).get(0).body());

    List<String> conflicts = catalog.restoreHistory(new BucketHistory(List.of(), List.of(
        new BucketHistory.ChainedAudit(own, null, ownSha256), // the same event: no conflict
        new BucketHistory.ChainedAudit(bucketsOne, null, "ab"),
        new BucketHistory.ChainedAudit(bucketsTwo, "ab", "cd")), Map.of(), List.of()));

    assertThat(conflicts).singleElement().asString().startsWith("audit event " + own.id() + ": the catalog holds a"
        + " different event").contains(BucketRecords.auditKey(own.id())).doesNotContain("\n");
    assertThat(catalog.listAudit(null, 10)).extracting(AuditEntry::principal).containsExactly("bob", "alice");
  }

  private static RunEntry run(RunEntry.Status status, Instant endedAt) {
    return new RunEntry("backup:orders/0f9e", RunEntry.Type.BACKUP, "orders", null, status, AT, endedAt, null, null,
        Duration.ofHours(1), Duration.ofMinutes(15), "tester", "nightly", null);
  }
}
