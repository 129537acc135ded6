package io.lifeboat.activities.postgres;

import java.nio.file.Path;

/**
 * Where a test restore of a PostgreSQL backup runs: a configured scratch server, else a private
 * cluster made with the machine's PostgreSQL binaries under {@code binaries}
 * ({@code <major>/bin/initdb}), run as {@code osUser} when the worker is root.
 *
 * @param scratchServer null: none configured
 */
public record PostgresVerification(PostgresServer scratchServer, Path binaries, String osUser) {
  public static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");
  public static final String DEFAULT_OS_USER = "postgres";

  /** The machine's binaries (Debian's layout), as the {@code postgres} user. */
  public static PostgresVerification onThisMachine() {
    return new PostgresVerification(null, DEBIAN_BINARIES, DEFAULT_OS_USER);
  }
}
