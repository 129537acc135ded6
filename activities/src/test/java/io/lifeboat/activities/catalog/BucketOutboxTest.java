package io.lifeboat.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.BucketHistory.ChainedAudit;
import io.lifeboat.catalog.BucketRecords;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The audit trail reaches the bucket through the catalog's outbox: an unreachable bucket blocks
 * nothing and loses nothing, and the chain read back from a real S3 (S3Proxy) is intact until an
 * event is changed or removed. A catalog behind the bucket never writes over its trail, and of
 * several flushing processes one writes at a time, so a run's record in the bucket never goes back.
 */
class BucketOutboxTest {
  @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();
  private static final Instant AT = Instant.parse("2026-03-01T02:00:00Z");

  private DataSource dataSource;
  private Catalog catalog;
  private ObjectStore bucket;

  @BeforeEach
  void fresh() {
    dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
    bucket = S3.store("outbox-" + System.nanoTime(), "site-a", ObjectStore.MIN_PART_SIZE, 1);
  }

  @Test
  void anUnreachableBucketDelaysTheAuditTrailAndLosesNothing() throws Exception {
    BucketOutbox unreachable = new BucketOutbox(catalog, new ObjectStore(
        ObjectStore.client(closedPort(), S3ProxyFixture.REGION, S3ProxyFixture.ACCESS_KEY, S3ProxyFixture.SECRET_KEY,
            true), bucket.bucket(), "site-a", ObjectStore.MIN_PART_SIZE, 1));
    List<AuditEntry> appended = List.of(
        catalog.appendAudit(event("start", "REQUESTED")),
        catalog.appendAudit(event("start", AuditEntry.ACCEPTED)),
        catalog.appendAudit(event("approve", AuditEntry.ACCEPTED)));

    assertThat(unreachable.flush()).isZero();
    assertThat(catalog.pendingBucketWriteCount()).isEqualTo(3);
    assertThat(catalog.listAudit(null, 10)).hasSize(3);

    BucketOutbox reachable = new BucketOutbox(catalog, bucket);
    assertThat(reachable.flush()).isEqualTo(3);
    assertThat(catalog.pendingBucketWriteCount()).isZero();
    AuditChain.Read chain = AuditChain.read(bucket);
    assertThat(chain.problems()).isEmpty();
    assertThat(chain.events()).extracting(ChainedAudit::entry).containsExactlyElementsOf(appended);
    assertThat(bucket.list(bucket.key(BucketRecords.AUDIT))).first().asString()
        .startsWith("site-a/_lifeboat/audit/0000000000");
  }

  @Test
  void aChangedOrRemovedEventBreaksTheChainThere() {
    for (int i = 0; i < 4; i++) {
      catalog.appendAudit(event("start", AuditEntry.ACCEPTED));
    }
    new BucketOutbox(catalog, bucket).flush();
    List<String> keys = bucket.list(bucket.key(BucketRecords.AUDIT));
    assertThat(AuditChain.read(bucket).intact()).isTrue();

    String changed = new String(bucket.get(keys.get(1)), StandardCharsets.UTF_8).replace("alice", "mallory");
    bucket.put(keys.get(1), changed.getBytes(StandardCharsets.UTF_8));
    assertThat(AuditChain.read(bucket).problems()).singleElement().asString()
        .startsWith(keys.get(2) + ": event ").contains("an event was changed, removed or inserted");

    bucket.delete(keys.get(0));
    assertThat(AuditChain.read(bucket).problems()).hasSize(2).first().asString().startsWith(keys.get(1));
  }

  @Test
  void aCatalogBehindTheBucketNeverWritesOverItsAuditTrailAndNewEventsContinueTheChain() {
    for (int i = 0; i < 3; i++) {
      catalog.appendAudit(event("start", AuditEntry.ACCEPTED));
    }
    assertThat(new BucketOutbox(catalog, bucket).flush()).isEqualTo(3);
    List<String> keys = bucket.list(bucket.key(BucketRecords.AUDIT));
    byte[] first = bucket.get(keys.get(0));

    // A catalog that lost the bucket's events (restored from an older dump) numbers a new one 1 again.
    Catalog behind = freshCatalog();
    behind.appendAudit(new AuditEntry(null, AT, "mallory", "start", null, "failover", null, null, "REQUESTED", null));
    BucketOutbox stale = new BucketOutbox(behind, bucket);
    assertThat(stale.flush()).isZero();
    assertThat(bucket.get(keys.get(0))).isEqualTo(first);
    assertThat(behind.pendingBucketWriteCount()).isEqualTo(1);
    assertThat(stale.stopped()).hasValueSatisfying(line -> assertThat(line)
        .startsWith("audit event " + keys.get(0) + " in s3://" + bucket.bucket() + " is a different event")
        .contains("it was not written over").contains("lifeboat catalog rebuild").doesNotContain("\n"));

    // A new host, before `catalog rebuild`: its first flush takes in the bucket's events, new ones follow them.
    Catalog newHost = freshCatalog();
    BucketOutbox outbox = new BucketOutbox(newHost, bucket);
    assertThat(outbox.flush()).isZero();
    AuditEntry next = newHost.appendAudit(event("approve", AuditEntry.ACCEPTED));
    assertThat(next.id()).isEqualTo(4L);
    assertThat(outbox.flush()).isEqualTo(1);
    AuditChain.Read chain = AuditChain.read(bucket);
    assertThat(chain.problems()).isEmpty();
    assertThat(chain.events()).hasSize(4);
    assertThat(bucket.get(keys.get(0))).isEqualTo(first);
  }

  @Test
  void aFinishedRunInTheBucketIsNeverTurnedBackToRunning() {
    RunEntry running = run(RunEntry.Status.RUNNING, null);
    catalog.recordRun(run(RunEntry.Status.COMPLETED, AT.plusSeconds(60)));
    new BucketOutbox(catalog, bucket).flush();

    // Another catalog (another process, a retried activity) queues the run's "started" record late.
    Catalog other = freshCatalog();
    other.recordRun(running);
    new BucketOutbox(other, bucket).flush();

    assertThat(other.pendingBucketWriteCount()).isZero();
    assertThat(BucketRecords.readRun(bucket.get(bucket.key(BucketRecords.runKey(running.runId())))).status())
        .isEqualTo(RunEntry.Status.COMPLETED);
  }

  @Test
  void flushersWriteOneAtATimeSoASlowOneCannotWriteAnOlderRunRecordLast() throws Exception {
    RunEntry running = run(RunEntry.Status.RUNNING, null);
    catalog.recordRun(running);
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // The same S3Proxy, its first PutObject held back: a slow process, mid-write of the RUNNING record.
    ObjectStore slowBucket = new ObjectStore(pausingFirstPut(S3.client(), writing, release), bucket.bucket(), "site-a",
        ObjectStore.MIN_PART_SIZE, 1);
    Thread slow = new Thread(() -> new BucketOutbox(catalog, slowBucket).flush());
    slow.start();
    assertThat(writing.await(20, TimeUnit.SECONDS)).isTrue();

    catalog.recordRun(run(RunEntry.Status.COMPLETED, AT.plusSeconds(60)));
    Thread quick = new Thread(() -> new BucketOutbox(new Catalog(dataSource), bucket).flush());
    quick.start();
    quick.join(2_000); // it waits for the slow one's lock (without one it would be done by now)
    release.countDown();
    slow.join(20_000);
    quick.join(20_000);

    assertThat(catalog.pendingBucketWriteCount()).isZero();
    assertThat(BucketRecords.readRun(bucket.get(bucket.key(BucketRecords.runKey(running.runId())))).status())
        .isEqualTo(RunEntry.Status.COMPLETED);
  }

  /** The real client, but its first PutObject waits for {@code release} (after counting down {@code writing}). */
  private static S3Client pausingFirstPut(S3Client real, CountDownLatch writing, CountDownLatch release) {
    AtomicBoolean first = new AtomicBoolean(true);
    return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
        (proxy, method, args) -> {
          if (method.getName().equals("putObject") && first.compareAndSet(true, false)) {
            writing.countDown();
            release.await(20, TimeUnit.SECONDS);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private static Catalog freshCatalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    return new Catalog(dataSource);
  }

  private static RunEntry run(RunEntry.Status status, Instant endedAt) {
    return new RunEntry("backup:orders/0f9e", RunEntry.Type.BACKUP, "orders", null, status, AT, endedAt, null, null,
        Duration.ofHours(1), Duration.ofMinutes(15), "tester", "nightly", null);
  }

  private static AuditEntry event(String action, String outcome) {
    return new AuditEntry(null, AT, "alice", action, null, "failover", null, "INC-7", outcome, null);
  }

  private static URI closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }
}
