package io.lifeboat.activities.cluster;

import io.lifeboat.activities.postgres.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A declared PostgreSQL cluster: how to reach it (as a replication user), its WAL receiver, and
 * how recoveries run its server binaries.
 *
 * @param osUser who recovered servers run as when the worker is root; null: the worker's user
 */
public record ClusterTarget(String name, PostgresServer server, Wal wal, Path binDirectory, String osUser,
    Duration rpo, Duration rto) {

  /**
   * The target's WAL receiver.
   *
   * @param dataDirectory the server's data directory when the worker can read it (pushing
   *     ahead), else null
   */
  public record Wal(String host, int port, Path secretFile, Path dataDirectory, int pushAhead, Path client) {
    /** The receiver's URL as the client is given it. */
    public String url() {
      return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The shared secret, from its file; fails with how to fix it when the file is unusable. */
    public String secret(String target) {
      try {
        String secret = Files.readString(secretFile, StandardCharsets.UTF_8).strip();
        if (secret.isEmpty()) {
          throw new IllegalStateException("the WAL secret file " + secretFile + " of target " + target + " is empty;"
              + " write a secret into it, e.g. `openssl rand -hex 32 > " + secretFile + "`");
        }
        return secret;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the WAL secret file " + secretFile + " of target " + target + ": "
            + e.getMessage() + "; create it (e.g. `openssl rand -hex 32 > " + secretFile + "`), readable by the"
            + " worker and by the PostgreSQL server's user", e);
      }
    }
  }

  String where() {
    return name + " (" + server.host() + ":" + server.port() + ")";
  }
}
