package io.lifeboat.activities.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.crypto.Gpg;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.manifest.Manifest;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * File-set backups against real files, S3Proxy and real OpenPGP keys: round trips keep content,
 * modes, owners, symlinks and mtimes; unchanged files are referenced, not stored again; every
 * backup restores on its own; the packs are plain tar for an operator with gpg, zstd and tar.
 */
class FileSetRoundTripTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  private static ObjectStore store;
  private static BackupStore backups;
  private static FileSetBackup backup;
  private static FileSetRestore restore;

  @BeforeAll
  static void open() {
    store = s3.store("backups", "lifeboat", ObjectStore.MIN_PART_SIZE, 3);
    backups = new BackupStore(store, new ManifestSigner(TestKeys.alice().secretKeys()));
    ArtifactWriter writer = new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1);
    // Reading by manifest only: the catalog (needed to look backups up by id) plays no part here.
    StoredBackups stored = new StoredBackups(null, backups,
        new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())));
    Manifest.Encryption encryption = new Manifest.Encryption("openpgp", List.of(TestKeys.alice().fingerprint()),
        TestKeys.alice().fingerprint());
    // Small packs, so that a backup spans several and a restore picks files out of each.
    backup = new FileSetBackup(backups, stored, writer, encryption, Map.of("lifeboat", "test"), 3 << 20);
    restore = new FileSetRestore(backups, stored);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static FileSetTarget target(String name, Path root) {
    return new FileSetTarget(name, List.of(root), List.of("*.tmp", "cache"), root.getParent(),
        Duration.ofHours(1), Duration.ofHours(1));
  }

  private static FileSetBackup.Outcome backUp(FileSetTarget target, String id, FileSetBackup.Outcome parent) {
    SignedManifest parentManifest = parent == null ? null : backups.readManifest(parent.manifestKey());
    return backup.run(target, id, parentManifest, new Manifest.WorkflowRun("backup:" + target.name(), "run"),
        bytes -> {});
  }

  @Test
  void aRoundTripKeepsContentModesOwnersSymlinksAndMtimes(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("srv");
    FileTrees.sample(source, 24, 200_000, 1);
    FileSetTarget target = target("uploads", source);

    FileSetBackup.Outcome first = backUp(target, "20260101T000000Z-aaaaaa", null);

    assertThat(first.manifest().objects()).extracting(Manifest.StoredObject::name)
        .as("several packs, then the index").hasSizeGreaterThan(2).last().isEqualTo(FileIndex.OBJECT);
    assertThat(first.counts().files).isEqualTo(24 + 5);
    assertThat(first.counts().symlinks).isEqualTo(2);
    assertThat(first.warnings()).isEmpty();

    Path elsewhere = dir.resolve("restored");
    FilesRestoreReport report = restore.run(backups.readManifest(first.manifestKey()), null, elsewhere, b -> {});

    assertThat(report.mismatches()).isEmpty();
    assertThat(report.files()).isEqualTo(29);
    FileTrees.assertSameTree(elsewhere, source);
  }

  @Test
  void anUnchangedSecondBackupStoresAlmostNothingAndEveryBackupRestoresOnItsOwn(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("srv");
    FileTrees.sample(source, 40, 200_000, 2);
    FileSetTarget target = target("volumes", source);
    Map<String, String> asFirstBackedUp = FileTrees.describe(source);

    FileSetBackup.Outcome first = backUp(target, "20260101T000000Z-bbbbbb", null);
    FileSetBackup.Outcome second = backUp(target, "20260101T010000Z-bbbbbb", first);

    assertThat(second.counts().reused).isEqualTo(second.counts().files);
    assertThat(second.manifest().parentBackupId()).isEqualTo(first.manifest().backupId());
    assertThat(second.manifest().storedBytes())
        .as("an unchanged backup stores under 1%% of the first (%d bytes)", first.manifest().storedBytes())
        .isLessThan(first.manifest().storedBytes() / 100);

    // change one file, add one, delete one, change a mode only
    Path changed = source.resolve("uploads/2024/01/file-3.bin");
    Files.writeString(changed, "new content");
    Files.setLastModifiedTime(changed, FileTime.from(Instant.parse("2026-01-01T12:00:00.5Z")));
    Files.writeString(source.resolve("uploads/new.txt"), "added");
    Files.delete(source.resolve("uploads/2024/01/file-4.bin"));
    Files.setAttribute(source.resolve("uploads/2024/01/file-5.bin"), "unix:mode", 0604);

    FileSetBackup.Outcome third = backUp(target, "20260101T020000Z-bbbbbb", second);
    assertThat(third.counts().changed).isEqualTo(2);

    Path latest = dir.resolve("latest");
    assertThat(restore.run(backups.readManifest(third.manifestKey()), null, latest, b -> {}).mismatches()).isEmpty();
    FileTrees.assertSameTree(latest, source);

    Path oldest = dir.resolve("oldest");
    assertThat(restore.run(backups.readManifest(first.manifestKey()), null, oldest, b -> {}).mismatches()).isEmpty();
    Map<String, String> expected = new java.util.TreeMap<>(asFirstBackedUp);
    expected.keySet().removeIf(k -> k.startsWith("cache") || k.endsWith(".tmp"));
    assertThat(FileTrees.describe(oldest)).containsExactlyEntriesOf(expected);
  }

  @Test
  void aSubPathRestoresAloneAndTheOriginalLocationIsRestoredInPlace(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("srv");
    FileTrees.sample(source, 6, 50_000, 3);
    FileSetTarget target = target("docs", source);
    FileSetBackup.Outcome first = backUp(target, "20260101T000000Z-cccccc", null);
    SignedManifest signed = backups.readManifest(first.manifestKey());

    Path part = dir.resolve("part");
    FilesRestoreReport report = restore.run(signed, source.resolve("uploads/2024").toString(), part, b -> {});
    assertThat(report.files()).isEqualTo(6);
    assertThat(part.resolve("uploads/2024/01/file-0.bin")).exists();
    assertThat(part.resolve("uploads/readme.txt")).doesNotExist();

    Map<String, String> before = FileTrees.describe(source);
    Files.writeString(source.resolve("uploads/readme.txt"), "overwritten by mistake");
    Files.delete(source.resolve("uploads/2024/01/file-1.bin"));
    Files.delete(source.resolve("latest"));
    restore.run(signed, null, null, b -> {});
    assertThat(FileTrees.describe(source)).containsAllEntriesOf(withoutExcluded(before));

    assertThatThrownBy(() -> restore.run(signed, source.resolve("nothing-here").toString(), part, b -> {}))
        .isInstanceOf(ApplicationFailure.class).hasMessageContaining("holds nothing at");
  }

  @Test
  void aSymlinkPlantedWhereARestoreWritesItsTemporaryFileIsReplacedNotFollowed(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("srv");
    FileTrees.sample(source, 2, 20_000, 7);
    Files.writeString(source.resolve("uploads/empty.txt"), "");
    SignedManifest signed = backups.readManifest(backUp(target("planted", source), "20260101T000000Z-gggggg", null)
        .manifestKey());
    Path outside = dir.resolve("outside");
    Files.createDirectories(outside);
    Path victim = Files.writeString(outside.resolve("passwd"), "root:x:0:0\n");
    Path emptyVictim = Files.writeString(outside.resolve("shadow"), "root:*:1\n");
    Path restored = dir.resolve("restored");
    Files.createDirectories(restored.resolve("uploads"));
    // Where the restore writes readme.txt and empty.txt before renaming them into place.
    Files.createSymbolicLink(restored.resolve("uploads/.readme.txt.lifeboat-restore"), victim);
    Files.createSymbolicLink(restored.resolve("uploads/.empty.txt.lifeboat-restore"), emptyVictim);

    FilesRestoreReport report = restore.run(signed, null, restored, b -> {});

    assertThat(report.mismatches()).isEmpty();
    assertThat(Files.readString(victim)).as("the link's target is untouched").isEqualTo("root:x:0:0\n");
    assertThat(Files.readString(emptyVictim)).isEqualTo("root:*:1\n");
    assertThat(restored.resolve("uploads/readme.txt")).isRegularFile()
        .hasSameBinaryContentAs(source.resolve("uploads/readme.txt"));
    assertThat(restored.resolve("uploads/empty.txt")).isRegularFile().isEmptyFile();
    assertThat(Files.exists(restored.resolve("uploads/.readme.txt.lifeboat-restore"), LinkOption.NOFOLLOW_LINKS))
        .as("no temporary file or link is left").isFalse();
    assertThat(Files.exists(restored.resolve("uploads/.empty.txt.lifeboat-restore"), LinkOption.NOFOLLOW_LINKS))
        .isFalse();
  }

  @Test
  void aDirectoryOfTheDestinationThatIsASymlinkIsRefusedAndNothingIsWrittenOutsideIt(@TempDir Path dir)
      throws Exception {
    Path source = dir.resolve("srv");
    FileTrees.sample(source, 4, 20_000, 8);
    SignedManifest signed = backups.readManifest(backUp(target("linked", source), "20260101T000000Z-hhhhhh", null)
        .manifestKey());
    Path outside = Files.createDirectories(dir.resolve("etc"));
    Files.writeString(outside.resolve("passwd"), "root:x:0:0\n");
    Map<String, String> outsideBefore = FileTrees.describe(outside);

    // a link where the backup has a directory: directly below the destination, and deeper
    Path restored = Files.createDirectories(dir.resolve("restored"));
    Files.createSymbolicLink(restored.resolve("uploads"), outside);
    Path deeper = Files.createDirectories(dir.resolve("deeper/uploads"));
    Files.createSymbolicLink(deeper.resolve("2024"), outside);

    ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class,
        () -> restore.run(signed, null, restored, b -> {}));
    ApplicationFailure refusedDeeper = catchThrowableOfType(ApplicationFailure.class,
        () -> restore.run(signed, null, dir.resolve("deeper"), b -> {}));

    assertThat(refused.getOriginalMessage()).isEqualTo(restored.resolve("uploads") + " is a symbolic link (to "
        + outside + ") where the backup has a directory, inside the restore's destination " + restored
        + "; nothing was restored, as a restore never writes through a link: remove the link (or move it aside),"
        + " or restore into an empty directory");
    assertThat(refused.isNonRetryable()).isTrue();
    assertThat(refusedDeeper.getOriginalMessage()).startsWith(deeper.resolve("2024") + " is a symbolic link");
    assertThat(FileTrees.describe(outside)).as("nothing written outside").isEqualTo(outsideBefore);
    try (var listed = Files.list(restored)) {
      assertThat(listed).as("nothing written inside either").containsExactly(restored.resolve("uploads"));
    }

    // the backup's own links are restored as links, and a second restore over them goes through
    Path twice = dir.resolve("twice");
    restore.run(signed, null, twice, b -> {});
    FilesRestoreReport again = restore.run(signed, null, twice, b -> {});
    assertThat(again.mismatches()).isEmpty();
    assertThat(Files.readSymbolicLink(twice.resolve("latest"))).isEqualTo(Path.of("uploads/2024/01"));
    FileTrees.assertSameTree(twice, source);
  }

  @Test
  void packsCloseAtHalfAPartSoThatEachIsStoredWithOnePut(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("srv");
    FileTrees.sample(source, 40, 1_000_000, 5); // ~60 MB, half of it incompressible
    ObjectStore defaultParts = s3.store("backups", "lifeboat", 16 << 20, 2); // the default part size
    FileSetBackup bySize = new FileSetBackup(backups, stored(),
        new ArtifactWriter(defaultParts, TestKeys.alice().publicKeys(), 1), encryption(), Map.of("lifeboat", "test"));
    FileSetBackup.Outcome first = bySize.run(target("by-size", source), "20260101T000000Z-eeeeee", null,
        new Manifest.WorkflowRun("backup:by-size", "run"), bytes -> {});

    List<Manifest.StoredObject> packs = first.manifest().objects().stream()
        .filter(o -> !o.name().equals(FileIndex.OBJECT)).toList();
    assertThat(packs).as("packs of about half a %d-byte part", defaultParts.partSize()).hasSizeGreaterThan(2)
        .allSatisfy(pack -> assertThat(pack.storedBytes()).isLessThanOrEqualTo(defaultParts.partSize()));
    Path restored = dir.resolve("restored");
    assertThat(restore.run(backups.readManifest(first.manifestKey()), null, restored, b -> {}).mismatches()).isEmpty();
    FileTrees.assertSameTree(restored, source);
    defaultParts.close();
  }

  @Test
  void aPackThatFailsToStoreWhileTheWalkGoesOnFailsTheBackupAndNoManifestIsWritten(@TempDir Path dir)
      throws Exception {
    Path source = dir.resolve("srv");
    FileTrees.sample(source, 24, 600_000, 6);
    try (S3ProxyFixture lost = S3ProxyFixture.started()) {
      ObjectStore doomed = lost.store("backups", "lifeboat", ObjectStore.MIN_PART_SIZE, 2);
      BackupStore doomedBackups = new BackupStore(doomed, new ManifestSigner(TestKeys.alice().secretKeys()));
      FileSetBackup failing = new FileSetBackup(doomedBackups, stored(),
          new ArtifactWriter(doomed, TestKeys.alice().publicKeys(), 1), encryption(), Map.of("lifeboat", "test"));
      java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

      // The store goes away once the first packs are closed and finishing in the background.
      assertThatThrownBy(() -> failing.run(target("lost", source), "20260101T000000Z-ffffff", null,
          new Manifest.WorkflowRun("backup:lost", "run"), bytes -> {
            if (bytes > 6_000_000 && stopped.compareAndSet(false, true)) {
              lost.stop();
            }
          }))
          .hasMessageContaining("backups");
      try (var files = Files.walk(lost.folder())) {
        assertThat(files.map(Path::toString)).noneMatch(f -> f.endsWith(Manifest.FILE_NAME));
      }
      doomed.close();
    }
  }

  private static StoredBackups stored() {
    return new StoredBackups(null, backups, new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())));
  }

  private static Manifest.Encryption encryption() {
    return new Manifest.Encryption("openpgp", List.of(TestKeys.alice().fingerprint()), TestKeys.alice().fingerprint());
  }

  @Test
  void aFullBackupsPackExtractsWithGpgZstdAndTar(@TempDir Path dir) throws Exception {
    assumeThat(Gpg.installed("zstd")).as("zstd is installed").isTrue();
    Path source = dir.resolve("srv");
    FileTrees.sample(source, 4, 10_000, 4);
    FileSetTarget target = new FileSetTarget("breakglass", List.of(source), List.of("*.tmp", "cache"),
        dir, Duration.ofHours(1), Duration.ofHours(1));
    FileSetBackup.Outcome first = backUp(target, "20260101T000000Z-dddddd", null);
    assertThat(first.manifest().objects()).hasSize(2);
    Path pack = s3.folder().resolve("backups").resolve(BackupStore.objectKey(first.manifestKey(),
        FileSetBackup.packName(1)));
    Path extracted = dir.resolve("by-hand");
    Files.createDirectories(extracted);

    try (Gpg gpg = Gpg.withTemporaryHome()) {
      assertThat(gpg.importKey(TestKeys.alice().secretKeyFile()).exitCode()).isZero();
      Gpg.Result result = gpg.shell("gpg --batch --pinentry-mode loopback -d '" + pack + "' | zstd -d"
          + " | tar -x --same-owner -p -C '" + extracted + "'");
      assertThat(result.exitCode()).as(result.describe()).isZero();
    }
    Path byHand = extracted.resolve(source.toString().substring(1));
    Map<String, String> expected = withoutExcluded(FileTrees.describe(source));
    // GNU tar sets a symlink's own mtime only with --no-dereference semantics of newer versions;
    // compare what matters: content, modes, owners, link targets, file and directory mtimes.
    assertThat(FileTrees.describe(byHand)).containsExactlyEntriesOf(expected);
    assertThat(Files.isSymbolicLink(byHand.resolve("latest"))).isTrue();
    assertThat(Files.getAttribute(byHand.resolve("uploads/readme.txt"), "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(1234);
  }

  private static Map<String, String> withoutExcluded(Map<String, String> tree) {
    Map<String, String> copy = new java.util.TreeMap<>(tree);
    copy.keySet().removeIf(k -> k.startsWith("cache") || k.endsWith(".tmp"));
    return copy;
  }
}
