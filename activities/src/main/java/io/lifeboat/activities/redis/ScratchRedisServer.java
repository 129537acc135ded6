package io.lifeboat.activities.redis;

import io.lifeboat.activities.process.ChildEnvironment;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A redis-server Lifeboat starts over an RDB file, on a free port of 127.0.0.1, in a directory of
 * its own: where restored data is compared without touching the target's server. It never saves
 * (no save points, no AOF); {@link #close} stops it and deletes the directory, whatever happened.
 */
final class ScratchRedisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScratchRedisServer.class);
  private static final String PREFIX = "lifeboat-verify-redis-";
  private static final String RDB = "dump.rdb";
  private static final String LOG_FILE = "redis.log";

  private final Path dir;
  private Process process;
  private int port;

  private ScratchRedisServer(Path dir) {
    this.dir = dir;
  }

  /** A new empty directory under {@code root} for a server named after {@code label} (a backup id). */
  static ScratchRedisServer under(Path root, String label) {
    try {
      Files.createDirectories(root);
      return new ScratchRedisServer(Files.createTempDirectory(root, PREFIX + label + "-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory under " + root + ": " + e.getMessage(), e);
    }
  }

  /** Where the RDB the server loads goes, before {@link #start}. */
  Path rdbFile() {
    return dir.resolve(RDB);
  }

  /** Starts the server over {@link #rdbFile()}; returns a client once it has loaded it. */
  RedisClient start(Duration timeout) {
    port = freePort();
    ProcessBuilder builder = ChildEnvironment.builder(List.of("redis-server", "--port", Integer.toString(port),
        "--bind", "127.0.0.1", "--dir", dir.toString(), "--dbfilename", RDB, "--save", "",
        "--appendonly", "no", "--daemonize", "no"))
        .redirectErrorStream(true).redirectOutput(dir.resolve(LOG_FILE).toFile());
    try {
      process = builder.start();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure("cannot run redis-server: " + e.getMessage()
          + " (install redis-server)", FailureTypes.TOOL_FAILED);
    }
    Process running = process;
    return RedisClient.whenReady("127.0.0.1", port, null, timeout,
        () -> running.isAlive() ? null : "scratch redis-server exited: " + log());
  }

  String where() {
    return "a scratch redis-server on port " + port;
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy(); // SIGTERM: with no save points the server exits without writing
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // the server's own files only: the RDB (or a link to a staged one) and its log
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      LOG.warn("could not delete scratch directory {}: {}", dir, e.getMessage());
    }
  }

  private String log() {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(LOG_FILE));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
