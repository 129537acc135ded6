package io.lifeboat.activities.tiers;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.MultipartUpload;
import io.lifeboat.activities.storage.ObjectLockS3;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.StorageTiers;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.tiers.StorageTierActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import io.lifeboat.activities.runs.RunningRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Hot, warm and archive tiers against a real catalog and {@link ObjectLockS3}: S3Proxy implements
 * neither storage-class transitions nor archive restores, so the requests are answered at the
 * HTTP level, like S3. New data goes in the tier of age zero, older backups are copied in place
 * into their tier once, and an archived backup is asked back (RestoreObject) once and reported
 * readable only when S3 says its restore is done.
 */
class StorageTierActivitiesTest {
  private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
  private static final StorageTiers TIERS = new StorageTiers(List.of(
      new StorageTiers.Tier(Duration.ZERO, StorageClass.STANDARD),
      new StorageTiers.Tier(Duration.ofDays(8), StorageClass.STANDARD_IA),
      new StorageTiers.Tier(Duration.ofDays(91), StorageClass.DEEP_ARCHIVE)));

  private ObjectLockS3 s3;
  private ObjectStore store;
  private Catalog catalog;
  private BackupStore backups;
  private TestActivityEnvironment environment;
  private StorageTierActivities tiers;

  @BeforeEach
  void start() throws IOException {
    s3 = new ObjectLockS3();
    store = new ObjectStore(ObjectStore.client(s3.endpoint(), "us-east-1", "key", "secret", true), "vault", "",
        ObjectStore.MIN_PART_SIZE, 1, null, TIERS.atUpload());
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
    backups = new BackupStore(store, new ManifestSigner(TestKeys.alice().secretKeys()));
    StoredBackups stored = new StoredBackups(catalog, backups,
        new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())));
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(
        new StorageTierActivitiesImpl(catalog, store, TIERS, stored, Clock.fixed(NOW, ZoneOffset.UTC),
            RunningRuns.NONE));
    tiers = environment.newActivityStub(StorageTierActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void stop() {
    environment.close();
    store.close();
    s3.close();
  }

  @Test
  void backupsMoveToTheirTierOnceAndNeverBack() throws IOException {
    write("hot", 3);
    write("warm", 20);
    write("old", 100);
    assertThat(s3.requests("PUT", "/vault/t/pg-dump/hot/dump.zst.pgp")).singleElement()
        .satisfies(r -> assertThat(r.header("x-amz-storage-class")).isEqualTo("STANDARD"));

    assertThat(tiers.dueForTransition("t")).containsExactly("warm", "old");
    assertThat(tiers.transition("warm")).isEqualTo(new StorageTierActivities.TierChange("warm", "STANDARD_IA", 1));
    assertThat(tiers.transition("old").storageClass()).isEqualTo("DEEP_ARCHIVE");

    assertThat(s3.requests("PUT", "/vault/t/pg-dump/warm/dump.zst.pgp")).last().satisfies(r -> {
      assertThat(r.header("x-amz-copy-source")).endsWith("vault/t/pg-dump/warm/dump.zst.pgp");
      assertThat(r.header("x-amz-storage-class")).isEqualTo("STANDARD_IA");
      assertThat(r.header("x-amz-metadata-directive")).isEqualTo("COPY");
    });
    assertThat(s3.storageClass("/vault/t/pg-dump/old/dump.zst.pgp")).isEqualTo("DEEP_ARCHIVE");
    assertThat(s3.storageClass("/vault/t/pg-dump/old/manifest.json")).isNull(); // manifests stay readable
    assertThat(tiers.dueForTransition("t")).isEmpty();
    assertThat(tiers.transition("warm").objects()).isZero(); // again: nothing to copy
  }

  @Test
  void anArchivedBackupIsAskedBackOnceAndReadableOnlyWhenS3IsDone() throws IOException {
    write("hot", 3);
    write("old", 100);
    tiers.transition("old");

    assertThat(tiers.requestThaw("hot")).isTrue();
    assertThat(tiers.requestThaw("old")).isFalse();
    assertThat(tiers.requestThaw("old")).isFalse(); // under way: not asked twice
    assertThat(s3.requests("POST", "?restore")).singleElement().satisfies(r -> {
      assertThat(r.pathAndQuery()).isEqualTo("/vault/t/pg-dump/old/dump.zst.pgp?restore");
      assertThat(r.body()).contains("<Days>7</Days>").contains("<Tier>Standard</Tier>");
    });
    assertThat(tiers.thawed("old")).isFalse();

    s3.finishRestore("/vault/t/pg-dump/old/dump.zst.pgp");
    assertThat(tiers.thawed("old")).isTrue();
    assertThat(tiers.requestThaw("old")).isTrue();
  }

  /** A one-object backup {@code days} old: its dump through the store's upload, its signed manifest, indexed. */
  private void write(String backupId, int days) throws IOException {
    Instant recoveryPoint = NOW.minus(Duration.ofDays(days));
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, backupId, "t", "pg-dump", "t", recoveryPoint,
        new Manifest.RecoveryPoint(recoveryPoint, null), Map.of(), 1, 1,
        List.of(new Manifest.StoredObject("dump.zst.pgp", 1, 1, "ab".repeat(32))),
        new Manifest.Encryption("openpgp", List.of("F00D"), "BEEF"), null,
        new Manifest.WorkflowRun("backup:t", "run-" + backupId), Map.of());
    try (MultipartUpload upload = store.upload("t/pg-dump/" + backupId + "/dump.zst.pgp")) {
      upload.write(1);
    }
    catalog.recordBackup(manifest, backups.manifestKey("t", "pg-dump", backupId), backups.writeManifest(manifest));
  }
}
