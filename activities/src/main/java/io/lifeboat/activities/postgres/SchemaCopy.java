package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.Heartbeat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** {@code pg_dump --schema | pg_restore} of one schema from one database into another on the same server. */
final class SchemaCopy {
  private SchemaCopy() {}

  /** Copies {@code schema} of {@code from} into {@code to}, all or nothing, streaming (nothing on disk). */
  static void copy(PostgresServer server, String from, String schema, String to) {
    try (Heartbeat heartbeat = Heartbeat.start("schema-copy");
        ToolProcess dump = ToolProcess.start(List.of("pg_dump", "--format=custom", "--compress=0", "--no-password",
            "--schema=" + quotedPattern(schema)), server.toolEnvironment(from));
        ToolProcess restore = ToolProcess.start(List.of("pg_restore", "--exit-on-error", "--single-transaction",
            "--no-password", PostgresServer.dbnameOption(to)), server.toolEnvironment(to))) {
      dump.stdin().close();
      try (InputStream in = dump.stdout(); OutputStream out = restore.stdin()) {
        byte[] buffer = new byte[1 << 16];
        long copied = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, n);
          copied += n;
          heartbeat.set(copied);
        }
      } catch (IOException e) {
        // A broken pipe means pg_restore stopped reading: its own error says why.
        restore.failureIfExited().ifPresent(failure -> {
          throw failure;
        });
        throw new UncheckedIOException(e);
      }
      dump.waitForSuccess();
      restore.waitForSuccess();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** pg_dump takes patterns; a double-quoted name matches itself only (wildcards and case included). */
  static String quotedPattern(String schema) {
    return '"' + schema.replace("\"", "\"\"") + '"';
  }
}
