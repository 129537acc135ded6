package io.lifeboat.activities.redis;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swaps a staged RDB in for a server's live one: stop the server, rename the live file aside, rename
 * the staged one in, sync the directory, start the server and compare it with the manifest. A swap
 * failing once the server is stopped puts everything back — the old RDB in place, the restored one
 * staged again, the server started — before failing, so a retry starts over from the same files.
 */
final class RdbSwap {
  private static final Logger LOG = LoggerFactory.getLogger(RdbSwap.class);

  /** Runs between the two renames; tests make it fail there. */
  Runnable betweenRenames = () -> {};

  /**
   * A swap done.
   *
   * @param kept the replaced RDB, kept until the run has succeeded; null when there was none
   */
  record Swapped(Path kept, KeySample.Comparison comparison) {}

  /**
   * Swaps {@code staged} in, keeping the live RDB as {@link LiveServer#kept}. A retry of a swap
   * already done (the staged file gone, the kept one there) only makes sure the server runs and
   * compares it again.
   */
  Swapped commit(LiveServer server, Path staged, String runToken, Map<String, Long> rowCounts) {
    Path rdb = server.rdb();
    Path kept = server.kept(runToken);
    if (!Files.exists(staged)) {
      return again(server, staged, kept, rowCounts);
    }
    server.saveIfRunning(); // what is kept aside is what the server held, not an older file
    server.stop();
    boolean swappedIn = false;
    try {
      // a kept file already there is the live RDB a failed attempt of this run set aside
      if (Files.exists(rdb) && !Files.exists(kept)) {
        Files.move(rdb, kept, StandardCopyOption.ATOMIC_MOVE);
      }
      betweenRenames.run();
      Files.move(staged, rdb, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      swappedIn = true;
      syncDirectory(rdb.getParent());
      return new Swapped(Files.exists(kept) ? kept : null, started(server, rowCounts));
    } catch (IOException | RuntimeException e) {
      throw undo(server, staged, kept, swappedIn, e);
    }
  }

  /** The commit's retry once the staged file is gone: the swap was done, or the staged file was never there. */
  private static Swapped again(LiveServer server, Path staged, Path kept, Map<String, Long> rowCounts) {
    if (Files.exists(kept)) {
      // the swap was done: clients may have written since, so a difference now is reported, never undone
      try (RedisClient redis = server.running()) {
        return new Swapped(kept, KeySample.compare(redis, rowCounts));
      }
    }
    if (Files.exists(server.rdb())) {
      // nothing was replaced: the restored RDB is the only one, and the server must hold it
      KeySample.Comparison comparison;
      try (RedisClient redis = server.running()) {
        comparison = KeySample.compare(redis, rowCounts);
      }
      if (comparison.mismatches().isEmpty()) {
        return new Swapped(null, comparison);
      }
    }
    throw ApplicationFailure.newNonRetryableFailure("the staged RDB " + staged + " is gone and " + server.name()
        + " does not hold the backup; restore again", FailureTypes.BAD_REQUEST);
  }

  /** Starts the server over the restored RDB and compares it; a mismatch fails the swap. */
  private static KeySample.Comparison started(LiveServer server, Map<String, Long> rowCounts) {
    try (RedisClient redis = server.running()) {
      KeySample.Comparison comparison = KeySample.compare(redis, rowCounts);
      if (!comparison.mismatches().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(server.name() + " does not hold the backup after the swap: "
            + String.join("; ", comparison.mismatches()), FailureTypes.VERIFICATION_MISMATCH);
      }
      return comparison;
    }
  }

  /**
   * Puts the old RDB back and starts the server: the restored file goes back to {@code staged}
   * (when it was swapped in), the kept one back in place. Returns the failure to throw, saying so.
   */
  private static RuntimeException undo(LiveServer server, Path staged, Path kept, boolean swappedIn, Exception cause) {
    String why = cause instanceof ApplicationFailure a ? a.getOriginalMessage() : String.valueOf(cause.getMessage());
    try {
      if (server.answers()) {
        server.stop();
      }
      Path rdb = server.rdb();
      if (swappedIn && Files.exists(rdb) && !Files.exists(staged)) {
        Files.move(rdb, staged, StandardCopyOption.ATOMIC_MOVE);
      }
      if (Files.exists(kept)) {
        Files.move(kept, rdb, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(rdb.getParent());
      server.start().close();
    } catch (IOException | RuntimeException undoFailure) {
      cause.addSuppressed(undoFailure);
      String undoWhy = undoFailure instanceof ApplicationFailure a ? a.getOriginalMessage() : undoFailure.getMessage();
      return ApplicationFailure.newNonRetryableFailureWithCause("swapping the restored RDB into " + server.name()
          + " failed (" + why + ") and putting the old one back failed too (" + undoWhy + "): the old RDB is "
          + (Files.exists(kept) ? "at " + kept : "in place") + ", the restored one "
          + (Files.exists(staged) ? "at " + staged : "in place") + "; put the old one at " + server.rdb()
          + " and start the server", FailureTypes.TOOL_FAILED, cause);
    }
    String message = "swapping the restored RDB into " + server.name() + " failed (" + why + "); the old RDB is back"
        + " in place and the server started again";
    if (cause instanceof ApplicationFailure a) {
      return a.isNonRetryable() ? ApplicationFailure.newNonRetryableFailureWithCause(message, a.getType(), cause)
          : ApplicationFailure.newFailureWithCause(message, a.getType(), cause);
    }
    return ApplicationFailure.newFailureWithCause(message, FailureTypes.TOOL_FAILED, cause);
  }

  /**
   * Undoes a swap: the kept RDB back in place and the server started over it. With none kept, the
   * restored RDB is removed and the server starts empty. Done when the kept file is back.
   */
  void rollback(LiveServer server, Path kept) {
    Path rdb = server.rdb();
    boolean pending = kept != null ? Files.exists(kept) : Files.exists(rdb);
    if (!pending) {
      server.running().close();
      return;
    }
    server.stop();
    try {
      if (kept != null) {
        Files.move(kept, rdb, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(rdb);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot put " + kept + " back at " + rdb + ": " + e.getMessage(), e);
    } finally {
      syncDirectory(rdb.getParent());
      server.start().close();
    }
  }

  /** Makes the renames in {@code dir} durable before the server reads the file. */
  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      LOG.debug("could not sync directory {}: {}", dir, e.getMessage());
    }
  }
}
