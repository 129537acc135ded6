package io.lifeboat.activities.redis;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.sources.BackupSelector;
import io.lifeboat.activities.sources.Source;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.FreeSpace;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A Redis server, backed up as its RDB snapshot and restored into itself: the RDB is fetched and
 * checked beside the live one, loaded into a scratch server and compared, and only then swapped in
 * with the server stopped ({@link RdbSwap}). There is no safety backup: the replaced RDB is kept
 * beside the live one until the run has succeeded.
 */
public final class RedisSource implements Source {
  private final RedisTargets targets;
  private final Catalog catalog;
  private final RdbSnapshots snapshots;
  private final StoredRdbs stored;
  private final ScratchComparisons scratch;
  /** Package-private: tests make the swap fail between its renames. */
  final RdbSwap swap = new RdbSwap();
  private final Destinations destinations;

  public RedisSource(RedisTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> tools) {
    this(targets, catalog, backups, stored, writer, encryption, tools, Destinations.NONE);
  }

  /** @param destinations the Redis servers a restore may go to besides a target's own */
  public RedisSource(RedisTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> tools, Destinations destinations) {
    this.destinations = destinations;
    this.targets = targets;
    this.catalog = catalog;
    this.snapshots = new RdbSnapshots(backups, writer, encryption, tools);
    this.stored = new StoredRdbs(stored);
    this.scratch = new ScratchComparisons(targets, this.stored);
  }

  @Override
  public String targetKind() {
    return SourceKinds.REDIS;
  }

  @Override
  public Set<String> backupKinds() {
    return Set.of(SourceKinds.REDIS);
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    RedisTarget target = target(request.source());
    if (request.safety()) {
      throw ApplicationFailure.newNonRetryableFailure("Redis target " + target.name() + " takes no safety backup:"
          + " a restore keeps the replaced RDB beside it until the run has succeeded", FailureTypes.BAD_REQUEST);
    }
    return snapshots.backup(target, request);
  }

  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    RedisTarget target = target(source);
    return BackupSelector.resolve(catalog, target.name(), SourceKinds.REDIS, selector, target.rpo(), target.rto());
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    try (Heartbeat heartbeat = Heartbeat.start("check-redis")) {
      return stored.check(backupId, heartbeat::set);
    }
  }

  @Override
  public DestinationState inspect(Destination destination) {
    LiveServer server = server(destination);
    server.refuseAppendOnly();
    Long keys;
    try (RedisClient redis = server.target().connect()) {
      keys = redis.callLong("DBSIZE");
    } catch (UncheckedIOException | RedisClient.ErrorReply e) {
      keys = null; // down, or still loading
    }
    long rdbBytes = server.rdbBytes();
    String description = (keys == null ? "server not answering" : keys + " keys") + "; "
        + (rdbBytes < 0 ? "no rdb file" : "rdb file of " + rdbBytes + " bytes");
    return new DestinationState(server.name(), (keys != null && keys > 0) || rdbBytes >= 0, description, false);
  }

  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    LiveServer server = server(destination);
    SignedManifest signed = stored.manifest(backupId);
    Path staged = server.staged(runToken);
    FreeSpace.require(staged.getParent(), signed.manifest().rawBytes(), "the RDB of backup " + backupId + " for "
        + server.name());
    long bytes;
    try (Heartbeat heartbeat = Heartbeat.start("stage-redis")) {
      bytes = stored.fetch(signed, staged, heartbeat::set);
    }
    return new Staged(staged.toString(), "RDB of " + bytes + " bytes fetched and checked beside " + server.rdb());
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    LiveServer server = server(destination);
    Path file = server.stagedFile(staged.where());
    try (Heartbeat heartbeat = Heartbeat.start("compare-redis")) {
      return comparison(scratch.ofStaged(stored.manifest(backupId), file).comparison());
    }
  }

  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    LiveServer server = server(destination);
    Path file = server.stagedFile(staged.where());
    SignedManifest signed = stored.manifest(backupId);
    server.refuseAppendOnly();
    RdbSwap.Swapped swapped;
    try (Heartbeat heartbeat = Heartbeat.start("swap-redis")) {
      swapped = swap.commit(server, file, runToken, signed.manifest().rowCounts());
    }
    return new Committed(swapped.kept() == null ? null : swapped.kept().toString(),
        "backup " + backupId + " swapped into " + server.name() + "; "
            + (swapped.kept() == null ? "there was no RDB to replace" : "the replaced RDB is kept as " + swapped.kept())
            + "; " + comparison(swapped.comparison()).describe());
  }

  @Override
  public void rollback(Destination destination, Committed committed) {
    LiveServer server = server(destination);
    Path kept = committed.keptAs() == null ? null : server.keptFile(committed.keptAs());
    try (Heartbeat heartbeat = Heartbeat.start("rollback-redis")) {
      swap.rollback(server, kept);
    }
  }

  @Override
  public void discardStaged(Destination destination, String runToken) {
    delete(server(destination).staged(runToken));
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    if (committed.keptAs() != null) {
      delete(server(destination).keptFile(committed.keptAs()));
    }
  }

  @Override
  public TestRestoreReport testRestore(String backupId) {
    try (Heartbeat heartbeat = Heartbeat.start("test-restore-redis")) {
      ScratchComparisons.Loaded loaded = scratch.ofBackup(stored.manifest(backupId), heartbeat::set);
      return new TestRestoreReport(comparison(loaded.comparison()), "loaded into " + loaded.where() + ": "
          + loaded.comparison().keys() + " keys, " + loaded.comparison().sampled() + " sampled keys compared");
    }
  }

  private RedisTarget target(TargetRef source) {
    if (source.schema() != null) {
      throw ApplicationFailure.newNonRetryableFailure("Redis target " + source.target() + " has no schemas;"
          + " leave the schema out", FailureTypes.BAD_REQUEST);
    }
    return targets.get(source.target());
  }

  /**
   * A Redis target restores into its own server, or into a Redis destination declared with its own
   * RDB path and stop and start commands; a bare {@code host:port} says neither, so it is refused.
   */
  private LiveServer server(Destination destination) {
    RedisTarget target = target(destination.source());
    if (destination.place() != null) {
      throw ApplicationFailure.newNonRetryableFailure("Redis target " + target.name() + " restores into a whole"
          + " server (restore.rdbPath of its configuration or of a destination), not into '" + destination.place()
          + "'; leave the place out", FailureTypes.BAD_REQUEST);
    }
    if (destination.server() == null) {
      return LiveServer.of(target);
    }
    if (Destinations.hostPort(destination.server()).isPresent()) {
      throw ApplicationFailure.newNonRetryableFailure("Redis target " + target.name() + " cannot be restored onto "
          + destination.server() + " given as host:port: Lifeboat must know that server's RDB file and how to stop"
          + " and start it. Declare it under 'destinations:' (kind: redis, host, port, restore: {rdbPath,"
          + " stopCommand, startCommand}) and restore --to its name", FailureTypes.BAD_REQUEST);
    }
    return LiveServer.of(destinations.named(destination.server(), SourceKinds.REDIS, RedisDestination.class)
        .receiving(target));
  }

  private static Comparison comparison(KeySample.Comparison keys) {
    return new Comparison("keys", keys.keys(), keys.mismatches());
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
    }
  }
}
