package io.lifeboat.activities.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectLock;
import io.lifeboat.activities.storage.ObjectLockS3;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.lock.LockReport;
import io.lifeboat.workflows.lock.ObjectLockActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * Verification's lock check and S3 legal holds, against a real catalog and {@link ObjectLockS3}
 * (S3Proxy does not implement Object Lock: the requests are answered at the HTTP level, like S3).
 * A backup written through the locked store passes; one whose dump was written without a lock
 * fails, naming the object; legal holds reach every object.
 */
class ObjectLockActivitiesTest {
  private static final Instant RECOVERY_POINT = Instant.parse("2026-11-22T03:00:00Z");
  private static final Clock WRITE_TIME = Clock.fixed(RECOVERY_POINT.plusSeconds(60), ZoneOffset.UTC);

  private ObjectLockS3 s3;
  private ObjectStore locked;
  private ObjectStore unlocked;
  private Catalog catalog;
  private TestActivityEnvironment environment;
  private ObjectLockActivities activities;

  @BeforeEach
  void start() throws IOException {
    s3 = new ObjectLockS3();
    locked = store(new ObjectLock(ObjectLockMode.GOVERNANCE, Duration.ofDays(35), WRITE_TIME));
    unlocked = store(null);
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
    activities = activities(locked);
  }

  @AfterEach
  void stop() {
    environment.close();
    locked.close();
    unlocked.close();
    s3.close();
  }

  @Test
  void aBackupWrittenLockedPassesAndItsLockIsRecorded() {
    write("b1", locked);

    LockReport report = activities.checkLock("b1");

    assertThat(report.checked()).isTrue();
    assertThat(report.problems()).isEmpty();
    assertThat(report.objects()).isEqualTo(3);
    assertThat(report.lockedUntil()).isEqualTo(WRITE_TIME.instant().plus(Duration.ofDays(35)));
    assertThat(catalog.findRetentionCandidate("b1").orElseThrow().lockedUntil()).isEqualTo(report.lockedUntil());
  }

  @Test
  void anObjectWrittenWithoutTheLockFailsTheCheckByName() {
    write("b2", locked);
    unlocked.put(locked.key("t/pg-dump/b2/dump.zst.pgp"), new byte[] {1});

    LockReport report = activities.checkLock("b2");

    assertThat(report.problems()).singleElement().asString()
        .startsWith("dump.zst.pgp: no Object Lock retention").contains("is Object Lock enabled");
    assertThat(catalog.findRetentionCandidate("b2").orElseThrow().lockedUntil()).isNull();
  }

  @Test
  void aLegalHoldReachesEveryObjectAndNeedsObjectLock() {
    write("b3", locked);

    assertThat(activities.applyLegalHold("b3", true)).isEqualTo(3);
    for (String name : List.of("dump.zst.pgp", "manifest.json", "manifest.json.sig")) {
      assertThat(s3.legalHold("/vault/t/pg-dump/b3/" + name)).isEqualTo("ON");
    }
    activities.applyLegalHold("b3", false);
    assertThat(s3.legalHold("/vault/t/pg-dump/b3/dump.zst.pgp")).isEqualTo("OFF");

    environment.close();
    ObjectLockActivities withoutLock = activities(unlocked);
    assertThat(withoutLock.checkLock("b3").describe()).isEqualTo("not checked: storage.objectLock is not configured");
    assertThatThrownBy(() -> withoutLock.applyLegalHold("b3", true))
        .isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, e -> {
          assertThat(e.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
          assertThat(e.getOriginalMessage()).contains("set storage.objectLock");
        });
  }

  /** A one-object backup as the dump activity leaves it: data, then signature and manifest; indexed. */
  private void write(String backupId, ObjectStore store) {
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, backupId, "t", "pg-dump", "t",
        RECOVERY_POINT.plusSeconds(30), new Manifest.RecoveryPoint(RECOVERY_POINT, null), Map.of(), 1, 1,
        List.of(new Manifest.StoredObject("dump.zst.pgp", 1, 1, "ab".repeat(32))),
        new Manifest.Encryption("openpgp", List.of("F00D"), "BEEF"), null,
        new Manifest.WorkflowRun("backup:t", "run-" + backupId), Map.of());
    store.put(store.key("t/pg-dump/" + backupId + "/dump.zst.pgp"), new byte[] {1});
    BackupStore backups = new BackupStore(store, new ManifestSigner(TestKeys.alice().secretKeys()));
    String sha256 = backups.writeManifest(manifest);
    catalog.recordBackup(manifest, backups.manifestKey("t", "pg-dump", backupId), sha256);
  }

  /** Run as Temporal runs them (they heartbeat), one attempt each. */
  private ObjectLockActivities activities(ObjectStore store) {
    BackupStore backups = new BackupStore(store, new ManifestSigner(TestKeys.alice().secretKeys()));
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(new ObjectLockActivitiesImpl(catalog, store,
        new StoredBackups(catalog, backups, new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())))));
    return environment.newActivityStub(ObjectLockActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  private ObjectStore store(ObjectLock lock) {
    return new ObjectStore(ObjectStore.client(s3.endpoint(), "us-east-1", "key", "secret", true), "vault", "",
        ObjectStore.MIN_PART_SIZE, 1, lock, null);
  }
}
