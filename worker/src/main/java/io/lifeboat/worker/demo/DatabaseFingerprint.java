package io.lifeboat.worker.demo;

import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.postgres.ToolProcess;
import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.manifest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * SHA-256 of a database's complete plain-text {@code pg_dump}: schema, data, sequences, large
 * objects. Two databases with the same fingerprint hold the same things.
 */
public record DatabaseFingerprint(String sha256, long dumpBytes) {
  private static final boolean RESTRICT_KEY_OPTION = pgDumpHelp().contains("--restrict-key");

  public static DatabaseFingerprint of(PostgresServer server, String database) throws IOException {
    List<String> command = new ArrayList<>(List.of("pg_dump", "--format=plain", "--no-password"));
    if (RESTRICT_KEY_OPTION) {
      // pg_dump 15.14+ writes a random \restrict key into plain dumps; a fixed one keeps them comparable.
      command.add("--restrict-key=lifeboat");
    }
    try (ToolProcess dump = ToolProcess.start(command, server.toolEnvironment(database))) {
      dump.stdin().close();
      MessageDigest sha = Sha256.newDigest();
      long bytes = 0;
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = dump.stdout()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          sha.update(buffer, 0, n);
          bytes += n;
        }
      }
      dump.waitForSuccess();
      return new DatabaseFingerprint(Sha256.hex(sha), bytes);
    }
  }

  private static String pgDumpHelp() {
    try {
      return CommandOutput.run(List.of("pg_dump", "--help")).output();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
