package io.lifeboat.activities.etcd;

import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.files.FreshFiles;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongConsumer;

/**
 * etcd backups in storage: the manifest of one, and its snapshot fetched into a file checked twice
 * — the stored object's SHA-256 and decryption by the artifact reader, then the snapshot's own
 * trailing SHA-256 ({@link SnapshotChecksum}) — before anything is done with it.
 */
final class StoredSnapshots {
  private final StoredBackups stored;

  StoredSnapshots(StoredBackups stored) {
    this.stored = stored;
  }

  /** The signed manifest of an etcd backup; any other kind is refused. */
  SignedManifest manifest(String backupId) {
    return stored.manifest(backupId, SourceKinds.ETCD);
  }

  /** A fetched snapshot: its size and the SHA-256 it ends with. */
  record Fetched(long bytes, String trailingHash) {}

  /**
   * Writes the backup's snapshot to {@code file}, checked and synced; the file appears (renamed from
   * a {@code .part} beside it) only once it is whole and checked, and a failure leaves neither.
   */
  Fetched fetch(SignedManifest signed, Path file, LongConsumer progress) {
    Path part = file.resolveSibling(file.getFileName() + ".part");
    String backupId = signed.manifest().backupId();
    try {
      Files.createDirectories(file.getParent());
      SnapshotChecksum checksum;
      try (FileChannel channel = FreshFiles.create(part); OutputStream out = Channels.newOutputStream(channel)) {
        checksum = new SnapshotChecksum(out);
        stored.read(signed, snapshotObject(signed), checksum, progress);
        channel.force(true);
      }
      if (!checksum.matches()) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + ": the etcd snapshot does not end"
            + " with the SHA-256 of its content; it is not restorable — use another backup", FailureTypes.INTEGRITY);
      }
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Fetched(checksum.bytes(), checksum.trailingHash());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // the next attempt truncates it
      }
    }
  }

  private static Manifest.StoredObject snapshotObject(SignedManifest signed) {
    return signed.manifest().objects().stream().filter(o -> o.name().equals(EtcdSnapshots.SNAPSHOT_OBJECT))
        .findFirst().orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup "
            + signed.manifest().backupId() + " has no " + EtcdSnapshots.SNAPSHOT_OBJECT, FailureTypes.INTEGRITY));
  }
}
