package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Feeds a stored dump into {@code pg_restore}'s stdin as it streams out of storage. */
final class PgRestore {
  /** This machine's pg_restore's major version, once asked (see {@link #localMajor}). */
  private static volatile Integer localMajor;

  private PgRestore() {}

  /** Restores into {@code database}, all or nothing; {@code noOwner}: everything owned by the connecting user. */
  static void into(StoredBackups backups, SignedManifest backup, PostgresServer server, String database,
      boolean noOwner) {
    List<String> command = new ArrayList<>(List.of("pg_restore", "--exit-on-error", "--single-transaction",
        "--no-password", PostgresServer.dbnameOption(database)));
    if (noOwner) {
      command.add("--no-owner");
    }
    run(backups, backup, command, server.toolEnvironment(database), false);
  }

  /** The dump among a backup's objects: by its name, else (older layouts) the first. */
  static Manifest.StoredObject dumpObject(Manifest manifest) {
    return manifest.objects().stream().filter(o -> o.name().equals(PgDump.DUMP_OBJECT)).findFirst()
        .orElse(manifest.objects().get(0));
  }

  /**
   * Lists the archive (checks it is a readable dump) while the whole object streams through its
   * checksum and integrity check; returns the number of entries. pg_restore stops reading once it
   * has the table of contents, so what follows is checked and discarded.
   */
  static int list(StoredBackups backups, SignedManifest backup) {
    try {
      Path listing = Files.createTempFile("lifeboat-toc", ".txt");
      try {
        run(backups, backup, List.of("pg_restore", "--list", "--file=" + listing), Map.of(), true);
        int entries = 0;
        for (String line : Files.readAllLines(listing)) {
          if (!line.isBlank() && !line.startsWith(";")) {
            entries++;
          }
        }
        return entries;
      } finally {
        Files.deleteIfExists(listing);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Refuses a dump this worker's pg_restore cannot read: one written by a pg_dump of a newer major
   * version (pg_restore would stop at the archive's header with "unsupported version"). Either
   * version unknown: pg_restore has the last word.
   */
  static void requireReadable(String backupId, Map<String, String> tools, int pgRestoreMajor) {
    String dumpedBy = tools == null ? null : tools.get("pg_dump");
    int dumpMajor = PgDump.clientMajor(dumpedBy);
    if (dumpMajor > 0 && pgRestoreMajor > 0 && dumpMajor > pgRestoreMajor) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " was written by " + dumpedBy
          + " and this worker's pg_restore is " + pgRestoreMajor + ", which cannot read it; nothing was changed:"
          + " install the Debian package postgresql-client-" + dumpMajor + " (pg_restore " + dumpMajor
          + " or newer) on the worker", FailureTypes.TOOL_FAILED);
    }
  }

  /** The major version of this machine's pg_restore, asked once; 0 when it cannot be told. */
  static int localMajor() {
    Integer major = localMajor;
    if (major == null) {
      try {
        major = CommandOutput.run(List.of("pg_restore", "--version"), Duration.ofSeconds(10))
            .map(out -> PgDump.clientMajor(out.output())).orElse(0);
      } catch (IOException e) {
        major = 0; // not installed: starting it says so
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 0;
      }
      localMajor = major;
    }
    return major;
  }

  private static void run(StoredBackups backups, SignedManifest backup, List<String> command, Map<String, String> env,
      boolean toolMayStopEarly) {
    requireReadable(backup.manifest().backupId(), backup.manifest().tools(), localMajor());
    Manifest.StoredObject dump = dumpObject(backup.manifest());
    try (Heartbeat heartbeat = Heartbeat.start(command.get(0));
        ToolProcess tool = ToolProcess.start(new ArrayList<>(command), env)) {
      heartbeat.onStop(tool::close);
      OutputStream toTool = toolMayStopEarly ? new DiscardAfterClose(tool.stdin()) : tool.stdin();
      try (OutputStream stdin = toTool) {
        backups.read(backup, dump, stdin, heartbeat::set);
      } catch (ApplicationFailure e) {
        throw e; // the stored object is at fault (checksum, key): that, not the starved tool, is the news
      } catch (IOException | RuntimeException e) {
        heartbeat.throwIfStopped();
        // A broken pipe means pg_restore stopped reading: its own error says why.
        tool.failureIfExited().ifPresent(failure -> {
          throw failure;
        });
        throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
      }
      try {
        tool.waitForSuccess();
      } catch (RuntimeException e) {
        heartbeat.throwIfStopped();
        throw e;
      }
    }
  }
}
