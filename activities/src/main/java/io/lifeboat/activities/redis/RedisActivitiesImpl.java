package io.lifeboat.activities.redis;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.StoredObject;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.redis.RedisActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.temporal.failure.ApplicationFailure;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis backups, checks, test restores and restores. The snapshot is {@code redis-cli --rdb -}:
 * the RDB the server forks and sends a replica, streamed straight into the artifact pipeline,
 * so the server keeps serving and nothing is staged on local disk.
 */
public class RedisActivitiesImpl implements RedisActivities {
  private static final Logger LOG = LoggerFactory.getLogger(RedisActivitiesImpl.class);
  static final String RDB_OBJECT = "dump.rdb.zst.pgp";
  private static final String SCRATCH_PREFIX = "lifeboat-verify-redis-";

  private final RedisTargets targets;
  private final BackupStore backups;
  private final StoredBackups stored;
  private final ArtifactWriter writer;
  private final Manifest.Encryption encryption;
  private final Map<String, String> tools;

  public RedisActivitiesImpl(RedisTargets targets, BackupStore backups, StoredBackups stored, ArtifactWriter writer,
      Manifest.Encryption encryption, Map<String, String> tools) {
    this.targets = targets;
    this.backups = backups;
    this.stored = stored;
    this.writer = writer;
    this.encryption = encryption;
    this.tools = tools;
  }

  @Override
  public SourceBackupResult backupRedis(SourceBackupRequest request) {
    RedisTarget target = targets.get(request.target());
    String manifestKey = backups.manifestKey(request.target(), SourceKinds.REDIS, request.backupId());
    if (backups.exists(manifestKey)) {
      return result(backups.readManifest(manifestKey).manifest(), manifestKey, List.of());
    }
    try (Heartbeat heartbeat = Heartbeat.start("redis")) {
      Snapshot snapshot = snapshot(target, BackupStore.objectKey(manifestKey, RDB_OBJECT), heartbeat::set);
      Map<String, String> toolVersions = new TreeMap<>(tools);
      if (snapshot.serverVersion != null) {
        toolVersions.put("redis-server", snapshot.serverVersion);
      }
      toolVersions.put("rdb", Integer.toString(snapshot.header.version()));
      Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, request.backupId(), target.name(), SourceKinds.REDIS,
          null, Instant.now(), new Manifest.RecoveryPoint(snapshot.startedAt, null), toolVersions,
          snapshot.object.rawBytes(), snapshot.object.storedBytes(),
          List.of(new Manifest.StoredObject(RDB_OBJECT, snapshot.object.rawBytes(), snapshot.object.storedBytes(),
              snapshot.object.sha256())),
          encryption, null, new Manifest.WorkflowRun(request.workflowId(), request.runId()),
          KeySample.rowCounts(snapshot.header.keys(), snapshot.header.expires(), snapshot.sample));
      backups.writeManifest(manifest);
      snapshot.warnings.forEach(w -> LOG.warn("backup {} of {}: {}", request.backupId(), request.target(), w));
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
    ProcessBuilder builder = new ProcessBuilder("redis-cli", "-h", target.host(), "-p", Integer.toString(target.port()),
        "--no-auth-warning", "--rdb", "-");
    builder.environment().remove("REDISCLI_AUTH");
    if (target.password() != null && !target.password().isEmpty()) {
      builder.environment().put("REDISCLI_AUTH", target.password());
    }
    RdbHeader.Capture head = new RdbHeader.Capture();
    StoredObject object;
    Process process = start(builder);
    StringBuilder stderr = drain(process.getErrorStream());
    try {
      object = writer.write(new Tap(process.getInputStream(), head), objectKey, progress);
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

  @Override
  public IntegrityReport checkRedis(String backupId) {
    SignedManifest signed = manifest(backupId);
    RdbHeader.Capture head = new RdbHeader.Capture();
    try (Heartbeat heartbeat = Heartbeat.start("check-redis")) {
      stored.read(signed, rdbObject(signed), head, heartbeat::set);
    }
    if (!RdbHeader.looksLikeRdb(head.bytes())) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " does not hold an RDB file",
          FailureTypes.INTEGRITY);
    }
    return new IntegrityReport(signed.manifest().target(), signed.manifest().objects().size(),
        signed.manifest().storedBytes(), 0, signed.manifest().objects().size() + " objects, "
            + signed.manifest().storedBytes() + " bytes; RDB header valid; signature valid");
  }

  @Override
  public RedisCheckReport testRestoreRedis(String backupId) {
    SignedManifest signed = manifest(backupId);
    RedisTarget target = targets.find(signed.manifest().target()).orElse(null);
    Path root = target == null ? Path.of(System.getProperty("java.io.tmpdir")) : target.scratchDirectory();
    Path dir;
    try {
      Files.createDirectories(root);
      dir = Files.createTempDirectory(root, SCRATCH_PREFIX + backupId + "-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory under " + root + ": " + e.getMessage(), e);
    }
    Process server = null;
    try (Heartbeat heartbeat = Heartbeat.start("test-restore-redis")) {
      fetch(signed, dir.resolve("dump.rdb"), heartbeat::set);
      int port = freePort();
      ProcessBuilder builder = new ProcessBuilder("redis-server", "--port", Integer.toString(port),
          "--bind", "127.0.0.1", "--dir", dir.toString(), "--dbfilename", "dump.rdb", "--save", "",
          "--appendonly", "no", "--daemonize", "no")
          .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile());
      server = start(builder);
      Process running = server;
      try (RedisClient redis = awaitReady("127.0.0.1", port, null, Duration.ofMinutes(10),
          () -> running.isAlive() ? null : "scratch redis-server exited: " + log(dir))) {
        KeySample.Comparison comparison = KeySample.compare(redis, signed.manifest().rowCounts());
        try {
          redis.call("SHUTDOWN", "NOSAVE");
        } catch (RuntimeException e) {
          // the connection closes as the server stops
        }
        return new RedisCheckReport(comparison.keys(), comparison.sampled(), comparison.mismatches(),
            "a scratch redis-server on port " + port);
      }
    } finally {
      if (server != null) {
        server.destroy();
        try {
          if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      deleteTree(dir);
    }
  }

  @Override
  public RedisCheckReport restoreRedis(String backupId) {
    SignedManifest signed = manifest(backupId);
    RedisTarget target = targets.get(signed.manifest().target());
    RedisTarget.Restore restore = target.restore();
    if (restore == null) {
      throw ApplicationFailure.newNonRetryableFailure("Redis target " + target.name() + " has no 'restore:' section"
          + " (rdbPath, stopCommand, startCommand) in the configuration; nothing was changed", FailureTypes.BAD_REQUEST);
    }
    refuseAppendOnly(target);
    Path rdb = restore.rdbPath().toAbsolutePath();
    Path staged = rdb.resolveSibling("." + rdb.getFileName() + ".lifeboat-" + backupId);
    Path kept = rdb.resolveSibling(rdb.getFileName() + ".before-" + backupId);
    try (Heartbeat heartbeat = Heartbeat.start("restore-redis")) {
      // fetched and checked before the server is touched: a bad backup never stops it
      fetch(signed, staged, heartbeat::set);
      shell(restore.stopCommand(), "stop", target);
      awaitStopped(target, Duration.ofSeconds(60));
      if (Files.exists(rdb) && !Files.exists(kept)) {
        Files.move(rdb, kept, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staged, rdb, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsync(rdb.getParent());
      shell(restore.startCommand(), "start", target);
      try (RedisClient redis = awaitReady(target.host(), target.port(), target.password(), restore.startTimeout(),
          () -> null)) {
        KeySample.Comparison comparison = KeySample.compare(redis, signed.manifest().rowCounts());
        return new RedisCheckReport(comparison.keys(), comparison.sampled(), comparison.mismatches(), target.where());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("restore of " + backupId + " into " + rdb + " failed: " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(staged);
      } catch (IOException ignored) {
        // a leftover staged file is replaced by the next attempt
      }
    }
  }

  /** With AOF on, the server would load its AOF, not the restored RDB. */
  private static void refuseAppendOnly(RedisTarget target) {
    try (RedisClient redis = target.connect()) {
      Object reply = redis.call("CONFIG", "GET", "appendonly");
      if (reply instanceof List<?> list && list.size() == 2 && list.get(1) instanceof byte[] value
          && new String(value, StandardCharsets.UTF_8).equals("yes")) {
        throw ApplicationFailure.newNonRetryableFailure("Redis target " + target.where() + " has appendonly yes: it"
            + " would load its AOF and ignore the restored RDB; turn AOF off for the restore; nothing was changed",
            FailureTypes.BAD_REQUEST);
      }
    } catch (UncheckedIOException | RedisClient.ErrorReply e) {
      // server down (restoring after a loss) or CONFIG disabled: nothing to check against
    }
  }

  private SignedManifest manifest(String backupId) {
    SignedManifest signed = stored.manifest(backupId);
    if (!SourceKinds.REDIS.equals(signed.manifest().kind())) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is a " + signed.manifest().kind()
          + " backup, not a Redis backup", FailureTypes.BAD_REQUEST);
    }
    return signed;
  }

  private static Manifest.StoredObject rdbObject(SignedManifest signed) {
    return signed.manifest().objects().stream().filter(o -> o.name().equals(RDB_OBJECT)).findFirst()
        .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup " + signed.manifest().backupId()
            + " has no " + RDB_OBJECT, FailureTypes.INTEGRITY));
  }

  /** Writes the backup's RDB to {@code file}, checked (SHA-256) and synced to disk. */
  private void fetch(SignedManifest signed, Path file, LongConsumer progress) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING); OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
      stored.read(signed, rdbObject(signed), out, progress);
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void fsync(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("could not sync directory {}: {}", dir, e.getMessage());
    }
  }

  private static void shell(String command, String what, RedisTarget target) {
    Process process = start(new ProcessBuilder("sh", "-c", command).redirectErrorStream(true));
    StringBuilder output = drain(process.getInputStream());
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw ApplicationFailure.newFailure("the " + what + " command of Redis target " + target.name()
            + " did not finish within 5 minutes", FailureTypes.TOOL_FAILED);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw ApplicationFailure.newFailure("the " + what + " command of Redis target " + target.name() + " failed (exit "
          + process.exitValue() + "): " + output.toString().strip(), FailureTypes.TOOL_FAILED);
    }
  }

  /** Waits until nothing answers on the target's port: a stopping server may still write its RDB. */
  private static void awaitStopped(RedisTarget target, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try (java.net.Socket socket = new java.net.Socket()) {
        socket.connect(new java.net.InetSocketAddress(target.host(), target.port()), 1_000);
      } catch (IOException e) {
        return;
      }
      sleep(100);
    }
    throw ApplicationFailure.newFailure("Redis target " + target.where() + " still answers " + timeout.toSeconds()
        + " s after its stop command; nothing was replaced", FailureTypes.TOOL_FAILED);
  }

  /** Connects once the server answers PING with its data loaded. */
  private static RedisClient awaitReady(String host, int port, String password, Duration timeout,
      java.util.function.Supplier<String> gone) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      String why = gone.get();
      if (why != null) {
        throw ApplicationFailure.newFailure(why, FailureTypes.TOOL_FAILED);
      }
      RedisClient redis = null;
      try {
        redis = RedisClient.connect(host, port, password);
        redis.call("PING");
        return redis;
      } catch (UncheckedIOException | RedisClient.ErrorReply e) {
        last = e.getMessage();
        if (redis != null) {
          redis.close();
        }
      }
      sleep(100);
    }
    throw ApplicationFailure.newFailure("Redis at " + host + ":" + port + " did not come up within "
        + timeout.toSeconds() + " s: " + last, FailureTypes.TOOL_FAILED);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String infoField(String info, String field) {
    return info.lines().filter(l -> l.startsWith(field + ":")).map(l -> l.substring(field.length() + 1).strip())
        .findFirst().orElse(null);
  }

  private static String log(Path dir) {
    try {
      String text = Files.readString(dir.resolve("redis.log"));
      return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static Process start(ProcessBuilder builder) {
    try {
      return builder.start();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure("cannot run " + builder.command().get(0) + ": " + e.getMessage()
          + " (install redis-tools / redis-server)", FailureTypes.TOOL_FAILED);
    }
  }

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
    }, "redis-stderr");
    thread.setDaemon(true);
    thread.start();
    return text;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not delete scratch directory {}: {}", dir, e.getMessage());
    }
  }

  /** Passes the stream through, keeping its first bytes (the RDB header). */
  private static final class Tap extends FilterInputStream {
    private final OutputStream copy;

    Tap(InputStream in, OutputStream copy) {
      super(in);
      this.copy = copy;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        copy.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        copy.write(b, off, n);
      }
      return n;
    }
  }
}
