package io.lifeboat.activities.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.BucketHistory.ChainedAudit;
import io.lifeboat.catalog.BucketRecords;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit trail reaches the bucket through the catalog's outbox: an unreachable bucket blocks
 * nothing and loses nothing, and the chain read back from a real S3 (S3Proxy) is intact until an
 * event is changed or removed.
 */
class BucketOutboxTest {
  @RegisterExtension static final S3ProxyFixture S3 = new S3ProxyFixture();
  private static final Instant AT = Instant.parse("2026-03-01T02:00:00Z");

  private Catalog catalog;
  private ObjectStore bucket;

  @BeforeEach
  void fresh() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
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

  private static AuditEntry event(String action, String outcome) {
    return new AuditEntry(null, AT, "alice", action, null, "failover", null, "INC-7", outcome, null);
  }

  private static URI closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }
}
