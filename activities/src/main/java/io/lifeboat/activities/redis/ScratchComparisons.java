package io.lifeboat.activities.redis;

import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * An RDB loaded into a {@link ScratchRedisServer} and compared with its backup's manifest: DBSIZE
 * and the sampled keys. The scratch server is stopped and deleted whatever happens.
 */
final class ScratchComparisons {
  /** Loading a large RDB takes its time; a scratch server that died says so at once. */
  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(10);

  private final RedisTargets targets;
  private final StoredRdbs stored;

  ScratchComparisons(RedisTargets targets, StoredRdbs stored) {
    this.targets = targets;
    this.stored = stored;
  }

  /** What a scratch server holding the RDB has of what the manifest recorded, and where it ran. */
  record Loaded(KeySample.Comparison comparison, String where) {}

  /** Compares a staged RDB, linked into the scratch directory rather than copied when it can be. */
  Loaded ofStaged(SignedManifest signed, Path staged) {
    try (ScratchRedisServer scratch = ScratchRedisServer.under(scratchRoot(signed), signed.manifest().backupId())) {
      try {
        Files.createLink(scratch.rdbFile(), staged);
      } catch (IOException | UnsupportedOperationException e) {
        copy(staged, scratch.rdbFile()); // another filesystem
      }
      return compare(signed, scratch);
    }
  }

  /** Fetches the backup's RDB into scratch and compares it. */
  Loaded ofBackup(SignedManifest signed, LongConsumer progress) {
    try (ScratchRedisServer scratch = ScratchRedisServer.under(scratchRoot(signed), signed.manifest().backupId())) {
      stored.fetch(signed, scratch.rdbFile(), progress);
      return compare(signed, scratch);
    }
  }

  private static Loaded compare(SignedManifest signed, ScratchRedisServer scratch) {
    try (RedisClient redis = scratch.start(LOAD_TIMEOUT)) {
      return new Loaded(KeySample.compare(redis, signed.manifest().rowCounts()), scratch.where());
    }
  }

  /** The target's scratch directory; the system's temporary one for a backup of a target no longer configured. */
  private Path scratchRoot(SignedManifest signed) {
    return targets.find(signed.manifest().target()).map(RedisTarget::scratchDirectory)
        .orElse(Path.of(System.getProperty("java.io.tmpdir")));
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
    }
  }
}
