package io.lifeboat.activities.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.metrics.RunOutcomes;
import io.lifeboat.activities.replication.CopyLocations;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.retention.BackupFacts;
import io.lifeboat.workflows.retention.Decision;
import io.lifeboat.workflows.retention.RetentionActivities;
import io.lifeboat.workflows.retention.RetentionActivities.Deletion;
import io.lifeboat.workflows.retention.RetentionActivities.Candidates;
import io.lifeboat.workflows.retention.RetentionPlan;
import io.lifeboat.workflows.retention.RetentionPolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import io.lifeboat.activities.runs.RunningRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Retention of a target with tenants against a real catalog and S3Proxy: the candidates name each
 * backup's schema, the policy (keep the newest one) is applied to the target's own backups and to
 * each schema's apart, and deleting the planned backups removes exactly their objects, leaving
 * each schema's newest and newest verified backup and every other schema's backups in place.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TenantRetentionTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  private static final String TARGET = "saas";
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  /** A backup a verification reads while retention runs (the real lookup: BackupVerifyRestoreTest). */
  private static final String BEING_READ = "r1";
  private static final RetentionPolicy KEEP_NEWEST = new RetentionPolicy(1, 0, 0, 0, 0, 0, null, List.of());

  private ObjectStore store;
  private Catalog catalog;
  private BackupStore backups;
  private TestActivityEnvironment environment;
  private RetentionActivities retention;
  private final Map<String, String> manifestKeys = new HashMap<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void start() {
    store = s3.store("tenants-" + System.nanoTime(), "lifeboat", ObjectStore.MIN_PART_SIZE, 1);
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
    backups = new BackupStore(store, new ManifestSigner(TestKeys.alice().secretKeys()));
    WalArchive wal = new WalArchive(store, new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1),
        new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())), TestKeys.alice().walSignatures());
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(new RetentionActivitiesImpl(catalog, store,
        new CopyLocations(Map.of(), List.of()), new RetentionPolicies(Map.of(TARGET, Optional.of(KEEP_NEWEST))),
        backups, wal, Clock.fixed(NOW, ZoneOffset.UTC), new RunningRuns() {
          @Override
          public List<String> reading(String backupId) {
            return backupId.equals(BEING_READ) ? List.of("verify:" + BEING_READ) : List.of();
          }

          @Override
          public List<String> changing(String target, String exceptWorkflowId) {
            return List.of();
          }
        }, new RunOutcomes(meters, Map.of(TARGET, "postgres"), catalog)));
    retention = environment.newActivityStub(RetentionActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stop() {
    environment.close();
    store.close();
  }

  @Test
  void eachSchemasBackupsArePrunedApartAndNoOtherSchemasAreTouched() {
    write("w2", "pg-dump", null, 2);
    write("w1", "pg-dump", null, 1);
    write("w0", "pg-dump", null, 0);
    write("a3", "pg-schema", "tenant_a", 3);
    write("a2", "pg-schema", "tenant_a", 2);
    write("a1", "pg-schema", "tenant_a", 1);
    write("a0", "pg-schema-safety", "tenant_a", 0); // taken before a tenant restore replaced tenant_a
    write("b5", "pg-schema", "tenant_b", 5);
    catalog.markVerified("w1", NOW);
    catalog.markVerified("a2", NOW);

    Candidates candidates = retention.candidates(TARGET);
    assertThat(candidates.backups()).extracting(BackupFacts::backupId, BackupFacts::schema).containsExactlyInAnyOrder(
        tuple("w2", null), tuple("w1", null), tuple("w0", null), tuple("a3", "tenant_a"), tuple("a2", "tenant_a"),
        tuple("a1", "tenant_a"), tuple("a0", "tenant_a"), tuple("b5", "tenant_b"));
    RetentionPlan plan = candidates.policy().apply(candidates.backups(), NOW);
    assertThat(plan.decisions()).extracting(Decision::backupId, Decision::keptBy).containsExactly(
        tuple("w0", List.of("newest", "last 1")), tuple("w1", List.of("newest verified")), tuple("w2", List.of()),
        // a safety backup of a schema is weighed with that schema's, as pg-safety is with the target's own
        tuple("a0", List.of("newest", "last 1")), tuple("a1", List.of()),
        tuple("a2", List.of("newest verified")), tuple("a3", List.of()),
        tuple("b5", List.of("newest", "last 1")));

    for (Decision deleting : plan.toDelete()) {
      assertThat(retention.deleteBackup(deleting.backupId()).refused()).isNull();
    }
    for (Decision deleting : plan.toDelete()) {
      retention.deleteBackup(deleting.backupId()); // repeated, as a retry would: nothing more is deleted or counted
    }
    assertThat(meters.counter("lifeboat.retention.deletions", "target", TARGET).count()).isEqualTo(3);

    List<String> keys = store.list(store.key(TARGET + "/"));
    for (String gone : List.of("w2", "a1", "a3")) {
      assertThat(keys).noneMatch(k -> k.contains("/" + gone + "/"));
      assertThat(catalog.findBackup(gone)).map(BackupEntry::status).contains(BackupEntry.Status.DELETED);
    }
    for (String kept : List.of("w0", "w1", "a0", "a2", "b5")) {
      String manifestKey = manifestKeys.get(kept);
      assertThat(keys).contains(manifestKey, manifestKey + ".sig", dataKey(manifestKey));
      assertThat(catalog.findBackup(kept)).map(BackupEntry::status).contains(BackupEntry.Status.COMPLETED);
    }
    Candidates after = retention.candidates(TARGET);
    assertThat(after.interrupted()).isEmpty();
    assertThat(after.policy().apply(after.backups(), NOW).toDelete()).as("applying it again").isEmpty();
  }

  @Test
  void aTenantBackupWhoseDeletionWasInterruptedIsOfferedToFinish() {
    write("a1", "pg-schema", "tenant_a", 1);
    write("a0", "pg-schema", "tenant_a", 0);
    catalog.markDeleting("a1", NOW);

    Candidates candidates = retention.candidates(TARGET);

    assertThat(candidates.interrupted()).containsExactly("a1");
    assertThat(candidates.backups()).extracting(BackupFacts::backupId).containsExactly("a0");
  }

  @Test
  void aBackupThatARunningVerificationReadsIsKeptUntilTheNextRun() {
    write(BEING_READ, "pg-schema", "tenant_a", 1);

    Deletion deletion = retention.deleteBackup(BEING_READ);

    assertThat(deletion.refused()).contains("read by verify:" + BEING_READ, "the next retention run deletes it");
    assertThat(catalog.findBackup(BEING_READ)).get().extracting(b -> b.status().name()).isEqualTo("COMPLETED");
    assertThat(store.exists(dataKey(manifestKeys.get(BEING_READ)))).isTrue();
  }

  /** A one-object backup {@code days} old, of {@code schema} (null: the whole database): uploaded, signed, indexed. */
  private void write(String backupId, String kind, String schema, int days) {
    Instant recoveryPoint = NOW.minus(Duration.ofDays(days)).minus(Duration.ofHours(10));
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, backupId, TARGET, kind, TARGET, recoveryPoint,
        new Manifest.RecoveryPoint(recoveryPoint, null), Map.of(), 1, 1,
        List.of(new Manifest.StoredObject("dump.zst.pgp", 1, 1, "ab".repeat(32))),
        new Manifest.Encryption("openpgp", List.of("F00D"), "BEEF"), null,
        new Manifest.WorkflowRun("backup:" + TARGET, "run-" + backupId), Map.of(), schema, null);
    String manifestKey = backups.manifestKey(TARGET, kind, backupId);
    store.put(dataKey(manifestKey), new byte[] {1});
    catalog.recordBackup(manifest, manifestKey, backups.writeManifest(manifest));
    manifestKeys.put(backupId, manifestKey);
  }

  private static String dataKey(String manifestKey) {
    return BackupStore.objectKey(manifestKey, "dump.zst.pgp");
  }
}
