package io.lifeboat.activities.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.sources.BackupBackend;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.manifest.ManifestJson;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.TargetRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore and a check read only the manifest the catalog recorded, against real S3Proxy buckets:
 * someone with write access to the bucket who puts another validly signed manifest in a backup's
 * place (an older backup's, another target's, another version of the same backup's) is refused with
 * one line naming the backup and each expected and found value, and nothing is restored; an intact
 * off-site copy is read instead, and a swapped copy is refused the same way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SwappedManifestTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  private static final AtomicInteger TARGETS = new AtomicInteger();

  private static BackupBackend backend;
  private static ObjectStore offsite;

  private final List<TestActivityEnvironment> environments = new ArrayList<>();
  @TempDir Path dir;

  @BeforeAll
  static void open() {
    backend = BackupBackend.on(s3);
    offsite = s3.store("offsite", "copy", ObjectStore.MIN_PART_SIZE, 2);
  }

  @AfterAll
  static void close() {
    backend.close();
    offsite.close();
  }

  @AfterEach
  void stop() {
    environments.forEach(TestActivityEnvironment::close);
  }

  /** A target of its own and its activities, reading the primary bucket and then the off-site copy. */
  private record Target(String name, Path root, SourceActivities files) {}

  private Target target(String stem) throws Exception {
    String name = stem + "-" + TARGETS.incrementAndGet();
    Path root = dir.resolve(name);
    FileTrees.sample(root, 3, 10_000, TARGETS.get());
    FileSetTarget target = new FileSetTarget(name, List.of(root), List.of("*.tmp", "cache"), dir.resolve("scratch"),
        Duration.ofHours(1), Duration.ofHours(2));
    StoredBackups stored = new StoredBackups(backend.catalog(), new StoredBackups.Location(backend.backups(),
        new ArtifactReader(backend.store(), List.of(TestKeys.alice().secretKeys()))),
        List.of(new StoredBackups.Location(BackupStore.copyAt("offsite", offsite,
            new ManifestSigner(TestKeys.alice().secretKeys())),
            new ArtifactReader(offsite, List.of(TestKeys.alice().secretKeys())))));
    FileSetSource source = new FileSetSource(new FileSetTargets(Map.of(name, target)), backend.catalog(),
        backend.backups(), stored, backend.writer(), backend.encryption(), Map.of("lifeboat", "test"));
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    environments.add(environment);
    return new Target(name, root, OneSourceActivities.stub(environment, source, name, backend.catalog()));
  }

  private static String backUp(Target target, String backupId) {
    backend.index(target.files().backup(new SourceBackupRequest(TargetRef.of(target.name()), backupId,
        "backup:" + target.name(), "run", null)));
    return backupId;
  }

  private static BackupEntry entry(String backupId) {
    return backend.catalog().findBackup(backupId).orElseThrow();
  }

  /** Puts {@code from}'s manifest and its signature in {@code to}'s place: both validly signed. */
  private static void swap(ObjectStore store, String fromKey, String toKey) {
    store.put(toKey, store.get(fromKey));
    store.put(toKey + ".sig", store.get(fromKey + ".sig"));
  }

  private static ApplicationFailure refused(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).isEqualTo(FailureTypes.INTEGRITY);
    assertThat(failure.getOriginalMessage()).doesNotContain("\n");
    return failure;
  }

  @Test
  void anotherBackupsManifestInItsPlaceIsRefusedAndNothingIsRestored() throws Exception {
    Target docs = target("docs");
    String older = backUp(docs, "20260101T000000Z-older");
    Files.writeString(docs.root().resolve("uploads/readme.txt"), "changed after the first backup");
    String newer = backUp(docs, "20260102T000000Z-newer");
    swap(backend.store(), entry(older).manifestKey(), entry(newer).manifestKey());
    Path into = dir.resolve("restored");
    Destination there = new Destination(TargetRef.of(docs.name()), into.toString());

    for (ThrowingCallable call : List.<ThrowingCallable>of(() -> docs.files().checkIntegrity(newer),
        () -> docs.files().restoreStaged(newer, there, "run-1"))) {
      assertThat(refused(call).getOriginalMessage()).contains("backup " + newer + ": the manifest at s3://backups/"
              + entry(newer).manifestKey() + " is not the one the catalog recorded (backup id " + newer
              + " expected, " + older + " found; SHA-256 " + entry(newer).manifestSha256() + " expected, "
              + entry(older).manifestSha256() + " found)")
          .contains("restore the off-site copy or another backup");
    }
    assertThat(into).as("nothing restored").doesNotExist();
    assertThat(dir.resolve(".restored.lifeboat-staging-run-1")).doesNotExist();
    assertThat(docs.files().checkIntegrity(older).target()).as("the other backup is untouched").isEqualTo(docs.name());
  }

  @Test
  void anotherTargetsManifestOrAnotherSignedVersionOfTheSameBackupIsRefused() throws Exception {
    Target docs = target("docs");
    Target other = target("other");
    String mine = backUp(docs, "20260101T000000Z-mine-" + docs.name());
    String theirs = backUp(other, "20260101T000000Z-theirs-" + other.name());
    String key = entry(mine).manifestKey();
    byte[] original = backend.store().get(key);
    byte[] originalSignature = backend.store().get(key + ".sig");

    swap(backend.store(), entry(theirs).manifestKey(), key);
    assertThat(refused(() -> docs.files().checkIntegrity(mine)).getOriginalMessage())
        .contains("backup id " + mine + " expected, " + theirs + " found; target " + docs.name() + " expected, "
            + other.name() + " found;");

    // Lifeboat's own key signed another version of this very backup (a retried write, say): only the hash tells.
    byte[] resigned = (new String(original, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(ManifestJson.read(resigned)).isEqualTo(ManifestJson.read(original));
    backend.store().put(key, resigned);
    backend.store().put(key + ".sig", new ManifestSigner(TestKeys.alice().secretKeys()).sign(resigned));
    assertThat(refused(() -> docs.files().checkIntegrity(mine)).getOriginalMessage())
        .contains("(SHA-256 " + entry(mine).manifestSha256() + " expected, ");

    backend.store().put(key, original);
    backend.store().put(key + ".sig", originalSignature);
    assertThat(docs.files().checkIntegrity(mine).target()).isEqualTo(docs.name());
  }

  @Test
  void anIntactOffSiteCopyIsReadAndASwappedOneIsRefusedTheSameWay() throws Exception {
    Target docs = target("docs");
    String older = backUp(docs, "20260101T000000Z-old-" + docs.name());
    String newer = backUp(docs, "20260102T000000Z-new-" + docs.name());
    for (String backupId : List.of(older, newer)) {
      String manifestKey = entry(backupId).manifestKey();
      String folder = manifestKey.substring(0, manifestKey.lastIndexOf('/') + 1);
      for (String key : backend.store().list(folder)) {
        offsite.put(offsite.key(key.substring(backend.store().prefix().length() + 1)), backend.store().get(key));
      }
      backend.catalog().recordCopy(new CopyEntry(backupId, "offsite", offsite.bucket(),
          offsite.key(manifestKey.substring(backend.store().prefix().length() + 1)), CopyEntry.Status.COPIED,
          Instant.now(), Instant.now(), null));
    }
    swap(backend.store(), entry(older).manifestKey(), entry(newer).manifestKey());

    assertThat(docs.files().checkIntegrity(newer).target()).as("read from the intact copy").isEqualTo(docs.name());
    Path into = dir.resolve("from-the-copy");
    Destination there = new Destination(TargetRef.of(docs.name()), into.toString());
    docs.files().commit(newer, there, docs.files().restoreStaged(newer, there, "run-2"), "run-2");
    FileTrees.assertSameTree(into, docs.root());

    String copyKey = backend.catalog().copiesOf(newer).get(0).manifestKey();
    swap(offsite, backend.catalog().copiesOf(older).get(0).manifestKey(), copyKey);
    assertThat(refused(() -> docs.files().checkIntegrity(newer)).getOriginalMessage())
        .startsWith("backup " + newer + " cannot be read from the primary bucket (backup " + newer + ": the manifest")
        .contains("offsite: backup " + newer + ": the manifest at s3://offsite/" + copyKey + " is not the one");
  }
}
