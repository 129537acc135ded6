package io.lifeboat.activities.redis;

import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.files.FreshFiles;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.LongConsumer;

/**
 * Redis backups in storage: the manifest of one, and its RDB read back checked — SHA-256 and
 * decryption by the artifact reader, then the RDB header — before anything is done with it.
 */
final class StoredRdbs {
  static final String RDB_OBJECT = "dump.rdb.zst.pgp";

  private final StoredBackups stored;

  StoredRdbs(StoredBackups stored) {
    this.stored = stored;
  }

  /** The signed manifest of a Redis backup; any other kind is refused. */
  SignedManifest manifest(String backupId) {
    return stored.manifest(backupId, SourceKinds.REDIS);
  }

  /** Reads the whole RDB object through its checks without writing it anywhere. */
  IntegrityReport check(String backupId, LongConsumer progress) {
    SignedManifest signed = manifest(backupId);
    RdbHeader.Capture head = new RdbHeader.Capture();
    long bytes = stored.read(signed, rdbObject(signed), head, progress);
    byte[] start = head.bytes();
    if (!RdbHeader.looksLikeRdb(start)) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " does not hold an RDB file",
          FailureTypes.INTEGRITY);
    }
    Manifest manifest = signed.manifest();
    return new IntegrityReport(manifest.target(), manifest.objects().size(), manifest.storedBytes(), 0,
        "signature valid; the RDB (" + bytes + " bytes" + RdbHeader.parse(start)
            .map(h -> ", version " + h.version() + ", " + h.keys() + " keys").orElse("") + ") matches its SHA-256");
  }

  /**
   * Writes the backup's RDB to {@code file}, checked and synced to disk; the file appears (renamed
   * from a {@code .part} beside it) only once it is whole, and a failure leaves neither.
   *
   * @return the RDB's size in bytes
   */
  long fetch(SignedManifest signed, Path file, LongConsumer progress) {
    Path part = file.resolveSibling(file.getFileName() + ".part");
    try {
      Files.createDirectories(file.getParent());
      long bytes;
      try (FileChannel channel = FreshFiles.create(part); OutputStream out = Channels.newOutputStream(channel)) {
        bytes = stored.read(signed, rdbObject(signed), out, progress);
        channel.force(true);
      }
      if (!RdbHeader.looksLikeRdb(head(part))) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + signed.manifest().backupId()
            + " does not hold an RDB file", FailureTypes.INTEGRITY);
      }
      // the directory is synced by the swap that renames the file into place
      Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return bytes;
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

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(RdbHeader.CAPTURE);
    }
  }

  private static Manifest.StoredObject rdbObject(SignedManifest signed) {
    return signed.manifest().objects().stream().filter(o -> o.name().equals(RDB_OBJECT)).findFirst()
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup " + signed.manifest().backupId()
            + " has no " + RDB_OBJECT, FailureTypes.INTEGRITY));
  }
}
