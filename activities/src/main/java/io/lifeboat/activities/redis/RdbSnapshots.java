package io.lifeboat.activities.redis;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.StoredObject;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.TeeInputStream;
import io.lifeboat.activities.process.ChildEnvironment;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups of a running Redis server. The snapshot is {@code redis-cli --rdb -}: the RDB the server
 * forks and sends a replica, streamed straight into the artifact pipeline, so the server keeps
 * serving and nothing is staged on local disk. The manifest's {@code rowCounts} hold the key count
 * and a sample of keys ({@link KeySample}).
 */
final class RdbSnapshots {
  private static final Logger LOG = LoggerFactory.getLogger(RdbSnapshots.class);

  private final BackupStore backups;
  private final ArtifactWriter writer;
  private final Manifest.Encryption encryption;
  private final Map<String, String> tools;

  RdbSnapshots(BackupStore backups, ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> tools) {
    this.backups = backups;
    this.writer = writer;
    this.encryption = encryption;
    this.tools = tools;
  }

  /** Streams the server's RDB into backup {@code request.backupId()}; an existing one is returned. */
  SourceBackupResult backup(RedisTarget target, SourceBackupRequest request) {
    String manifestKey = backups.manifestKey(target.name(), SourceKinds.REDIS, request.backupId());
    if (backups.exists(manifestKey)) {
      return result(backups.readManifest(manifestKey).manifest(), manifestKey, List.of());
    }
    try (Heartbeat heartbeat = Heartbeat.start("redis")) {
      Snapshot snapshot = snapshot(target, BackupStore.objectKey(manifestKey, StoredRdbs.RDB_OBJECT), heartbeat::set);
      Map<String, String> toolVersions = new TreeMap<>(tools);
      if (snapshot.serverVersion != null) {
        toolVersions.put("redis-server", snapshot.serverVersion);
      }
      toolVersions.put("rdb", Integer.toString(snapshot.header.version()));
      Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, request.backupId(), target.name(), SourceKinds.REDIS,
          null, Instant.now(), new Manifest.RecoveryPoint(snapshot.startedAt, null), toolVersions,
          snapshot.object.rawBytes(), snapshot.object.storedBytes(),
          List.of(new Manifest.StoredObject(StoredRdbs.RDB_OBJECT, snapshot.object.rawBytes(),
              snapshot.object.storedBytes(), snapshot.object.sha256())),
          encryption, null, new Manifest.WorkflowRun(request.workflowId(), request.runId()),
          KeySample.rowCounts(snapshot.header.keys(), snapshot.header.expires(), snapshot.sample));
      backups.writeManifest(manifest);
      snapshot.warnings.forEach(w -> LOG.warn("backup {} of {}: {}", request.backupId(), target.name(), w));
      return result(manifest, manifestKey, snapshot.warnings);
    }
  }

  private record Snapshot(Instant startedAt, StoredObject object, RdbHeader header, List<KeySample.Key> sample,
      String serverVersion, List<String> warnings) {}

  private Snapshot snapshot(RedisTarget target, String objectKey, LongConsumer progress) {
    List<String> warnings = new ArrayList<>();
    List<KeySample.Key> before;
    String version;
    try (RedisClient redis = target.connect()) {
      version = infoField(redis.callString("INFO", "server"), "redis_version");
      before = KeySample.take(redis, target.sampleKeys());
    } catch (UncheckedIOException e) {
      throw ApplicationFailure.newFailure("Redis target " + target.where() + " is unreachable: " + e.getMessage(),
          FailureTypes.DATABASE_UNREACHABLE);
    }
    Instant startedAt = Instant.now();
    ProcessBuilder builder = ChildEnvironment.builder(List.of("redis-cli", "-h", target.host(), "-p",
        Integer.toString(target.port()), "--no-auth-warning", "--rdb", "-"),
        target.password() == null || target.password().isEmpty() ? Map.of() : Map.of("REDISCLI_AUTH", target.password()));
    RdbHeader.Capture head = new RdbHeader.Capture();
    StoredObject object;
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure("cannot run redis-cli: " + e.getMessage()
          + " (install redis-tools)", FailureTypes.TOOL_FAILED);
    }
    StringBuilder stderr = drain(process.getErrorStream());
    try {
      object = writer.write(new TeeInputStream(process.getInputStream(), head), objectKey, progress);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw ApplicationFailure.newFailure("redis-cli --rdb failed for " + target.where() + ": "
            + stderr.toString().strip(), FailureTypes.TOOL_FAILED);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while snapshotting " + target.where(), e);
    } finally {
      process.destroyForcibly();
    }
    byte[] bytes = head.bytes();
    if (!RdbHeader.looksLikeRdb(bytes)) {
      throw ApplicationFailure.newFailure("redis-cli --rdb of " + target.where() + " did not produce an RDB file: "
          + stderr.toString().strip(), FailureTypes.TOOL_FAILED);
    }
    List<KeySample.Key> stable;
    long liveKeys;
    try (RedisClient redis = target.connect()) {
      stable = KeySample.stable(before, KeySample.describe(redis, before.stream().map(KeySample.Key::name).toList()));
      liveKeys = redis.callLong("DBSIZE");
    }
    if (stable.size() < before.size()) {
      warnings.add((before.size() - stable.size()) + " sampled keys changed during the snapshot and are not recorded");
    }
    RdbHeader header = RdbHeader.parse(bytes).orElseGet(() -> {
      warnings.add("the RDB does not state its key count; recorded the server's DBSIZE after the snapshot");
      return new RdbHeader(Integer.parseInt(new String(bytes, 5, 4, StandardCharsets.US_ASCII)), liveKeys, 0);
    });
    return new Snapshot(startedAt, object, header, stable, version, warnings);
  }

  private static SourceBackupResult result(Manifest manifest, String manifestKey, List<String> warnings) {
    Map<String, Long> counts = manifest.rowCounts();
    long sampled = counts.keySet().stream().filter(k -> k.startsWith(KeySample.KEY)).count();
    return new SourceBackupResult(manifest.backupId(), manifest.kind(), manifestKey, manifest.recoveryPoint().time(),
        manifest.rawBytes(), manifest.storedBytes(), null,
        counts.getOrDefault(KeySample.DBSIZE, 0L) + " keys (" + counts.getOrDefault(KeySample.EXPIRES, 0L)
            + " with a TTL), " + sampled + " sampled; RDB of " + manifest.rawBytes() + " bytes",
        List.copyOf(warnings), List.of());
  }

  private static String infoField(String info, String field) {
    return info.lines().filter(l -> l.startsWith(field + ":")).map(l -> l.substring(field.length() + 1).strip())
        .findFirst().orElse(null);
  }

  /** Keeps the end of what redis-cli says on stderr, for the failure's message. */
  private static StringBuilder drain(InputStream stream) {
    StringBuilder text = new StringBuilder();
    Thread thread = new Thread(() -> {
      try {
        String all = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        synchronized (text) {
          text.append(all.length() > 4000 ? all.substring(all.length() - 4000) : all);
        }
      } catch (IOException ignored) {
        // the process ended
      }
    }, "redis-cli-stderr");
    thread.setDaemon(true);
    thread.start();
    return text;
  }
}
