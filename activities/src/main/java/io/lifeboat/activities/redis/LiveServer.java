package io.lifeboat.activities.redis;

import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.activities.services.ShellCommand;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Redis target's own server as a restore handles it: its RDB file (the {@code rdbPath} of its
 * {@code restore:} section), the files a restore puts beside it, and the operator's stop and start
 * commands. The staged file is {@code .<name>.staged-<run>} and the replaced one is kept as
 * {@code <name>.replaced-<run>}, both in the RDB's directory, so every rename stays on one filesystem.
 */
final class LiveServer {
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration BACKGROUND_SAVE_WAIT = Duration.ofSeconds(60);
  private static final Pattern RUN_TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final String STAGED = ".staged-";
  private static final String REPLACED = ".replaced-";

  private final RedisTarget target;
  private final RedisTarget.Restore restore;
  private final Path rdb;

  private LiveServer(RedisTarget target) {
    this.target = target;
    this.restore = target.restore();
    this.rdb = restore.rdbPath().toAbsolutePath().normalize();
  }

  /** The target's server; refused when its configuration does not say how to restore it. */
  static LiveServer of(RedisTarget target) {
    if (target.restore() == null) {
      throw ApplicationFailure.newNonRetryableFailure("Redis target " + target.name() + " has no 'restore:' section"
          + " (rdbPath, stopCommand, startCommand) in the configuration; nothing was changed",
          FailureTypes.BAD_REQUEST);
    }
    return new LiveServer(target);
  }

  RedisTarget target() {
    return target;
  }

  Path rdb() {
    return rdb;
  }

  /** How messages name it. */
  String name() {
    return "Redis at " + target.host() + ":" + target.port() + " (" + rdb + ")";
  }

  Path staged(String runToken) {
    return rdb.resolveSibling("." + rdb.getFileName() + STAGED + token(runToken));
  }

  Path kept(String runToken) {
    return rdb.resolveSibling(rdb.getFileName() + REPLACED + token(runToken));
  }

  /** A staged file named in a workflow's input; refused unless it is one of this server's. */
  Path stagedFile(String where) {
    return ours(where, "." + rdb.getFileName() + STAGED, "staged RDB");
  }

  /** A kept file named in a workflow's input; refused unless it is one of this server's. */
  Path keptFile(String keptAs) {
    return ours(keptAs, rdb.getFileName() + REPLACED, "replaced RDB");
  }

  private Path ours(String given, String prefix, String what) {
    Path path = Path.of(given).toAbsolutePath().normalize();
    if (!rdb.getParent().equals(path.getParent()) || !path.getFileName().toString().startsWith(prefix)) {
      throw ApplicationFailure.newNonRetryableFailure(given + " is not a " + what + " of Redis target "
          + target.name() + " (" + rdb.resolveSibling(prefix + "<run>") + ")", FailureTypes.BAD_REQUEST);
    }
    return path;
  }

  private static String token(String runToken) {
    if (runToken == null || !RUN_TOKEN.matcher(runToken).matches()) {
      throw ApplicationFailure.newNonRetryableFailure("run token '" + runToken + "' cannot name a file: letters,"
          + " digits, '.', '_' and '-' only", FailureTypes.BAD_REQUEST);
    }
    return runToken;
  }

  /** With AOF on, the server would load its AOF, not the restored RDB. */
  void refuseAppendOnly() {
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

  /** Whether anything accepts connections on the server's port. */
  boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(target.host(), target.port()), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes what the running server holds to its RDB file ({@code SAVE}), so that the file a restore
   * keeps aside is the data it replaces, also with persistence off. A server not answering (lost)
   * has nothing in memory to keep; one that cannot save is refused: nothing was changed.
   */
  void saveIfRunning() {
    if (!answers()) {
      return;
    }
    try (RedisClient redis = target.connect()) {
      save(redis);
    } catch (RedisClient.ErrorReply e) {
      throw ApplicationFailure.newNonRetryableFailure(target.where() + " cannot save what it holds before the"
          + " restore replaces it (" + e.getMessage() + "); nothing was changed. Fix its RDB directory or"
          + " permissions, then restore again", FailureTypes.TOOL_FAILED);
    }
  }

  /**
   * {@code SAVE}, waiting out a background save in progress (a backup's replication snapshot, say),
   * which makes the server refuse a SAVE until it ends.
   */
  static void save(RedisClient redis) {
    long deadline = System.nanoTime() + BACKGROUND_SAVE_WAIT.toNanos();
    while (true) {
      try {
        redis.call("SAVE");
        return;
      } catch (RedisClient.ErrorReply e) {
        if (!String.valueOf(e.getMessage()).contains("in progress") || System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /**
   * Runs the stop command and waits until nothing answers: a stopping server may still be writing
   * its RDB. A stop command failing for a server already down (redis-cli finding nobody) is fine.
   */
  void stop() {
    CommandOutput outcome = ShellCommand.sh(restore.stopCommand(), COMMAND_TIMEOUT);
    long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
    while (answers()) {
      if (!outcome.succeeded()) {
        throw ApplicationFailure.newFailure("the stop command of Redis target " + target.name() + " failed (exit "
            + outcome.exitCode() + "): " + outcome.output(), FailureTypes.TOOL_FAILED);
      }
      if (System.nanoTime() > deadline) {
        throw ApplicationFailure.newFailure("Redis target " + target.where() + " still answers "
            + STOP_TIMEOUT.toSeconds() + " s after its stop command", FailureTypes.TOOL_FAILED);
      }
      sleep();
    }
  }

  /** Runs the start command; returns a client once the server has loaded its data. */
  RedisClient start() {
    CommandOutput outcome = ShellCommand.sh(restore.startCommand(), COMMAND_TIMEOUT);
    if (!outcome.succeeded()) {
      throw ApplicationFailure.newFailure("the start command of Redis target " + target.name() + " failed (exit "
          + outcome.exitCode() + "): " + outcome.output(), FailureTypes.TOOL_FAILED);
    }
    return RedisClient.whenReady(target.host(), target.port(), target.password(), restore.startTimeout(), () -> null);
  }

  /** A client of the running server, started first when nothing answers. */
  RedisClient running() {
    return answers()
        ? RedisClient.whenReady(target.host(), target.port(), target.password(), restore.startTimeout(), () -> null)
        : start();
  }

  /** The RDB file's size, or -1 when there is none. */
  long rdbBytes() {
    try {
      return Files.exists(rdb) ? Files.size(rdb) : -1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + rdb + ": " + e.getMessage(), e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
