package io.lifeboat.activities.postgres;

import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.FreeSpace;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;

/**
 * Which PostgreSQL server a restore goes to ({@link Destination#server()}), and whether it can take
 * the backup: checked before anything is created there, so a refusal leaves it untouched.
 */
final class PostgresDestinations {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

  private PostgresDestinations() {}

  /** The target's own server, a declared destination, or {@code host:port} with the target's credentials. */
  static PostgresServer server(Destinations destinations, PostgresServer own, Destination destination) {
    String server = destination.server();
    if (server == null || server.isBlank()) {
      return own;
    }
    Optional<Destinations.HostPort> hostPort = Destinations.hostPort(server);
    if (hostPort.isPresent()) {
      Destinations.HostPort at = hostPort.get();
      return new PostgresServer(at.host(), at.port() == null ? own.port() : at.port(), own.user(), own.password(),
          own.sslMode(), "the given host and port (" + at + ") and the target's");
    }
    return destinations.named(server, SourceKinds.POSTGRES, PostgresDestination.class).server()
        .configuredAs("destination " + server + "'s");
  }

  /**
   * Refuses a server older than the one the backup was dumped from (pg_restore of a newer dump
   * fails part-way), and a server on this machine whose data directory has less room than the
   * database took; where the data directory cannot be seen, the space is not checked.
   */
  static void refuseUnfit(Manifest backup, PostgresServer server, String database) {
    refuseUnfitFor(backup, server, "database " + database);
  }

  /** As {@link #refuseUnfit}, the message naming what is restored as {@code what} ("restoring the databases a, b"). */
  static void refuseUnfitFor(Manifest backup, PostgresServer server, String what) {
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      int dumpedFrom = major(backup.tools() == null ? null : backup.tools().get("server"));
      int destinationMajor = Integer.parseInt(setting(maintenance, "server_version_num")) / 10000;
      if (dumpedFrom > destinationMajor) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + backup.backupId() + " was dumped from PostgreSQL "
            + dumpedFrom + " and the server at " + server.host() + ":" + server.port() + " runs PostgreSQL "
            + destinationMajor + ", which cannot restore it; nothing was changed. Restore onto a server of"
            + " PostgreSQL " + dumpedFrom + " or newer", FailureTypes.BAD_REQUEST);
      }
      long needed = backup.sourceBytes() != null ? backup.sourceBytes() : backup.rawBytes();
      dataDirectory(maintenance, server).ifPresent(directory -> {
        long free = usableSpace(directory);
        if (!FreeSpace.enough(needed, free)) {
          throw ApplicationFailure.newNonRetryableFailure(what + " needs about " + needed
              + " bytes (the size of what backup " + backup.backupId() + " holds) and the filesystem of " + directory
              + " (the data directory of " + server.host() + ":" + server.port() + ") has " + free + " bytes free;"
              + " nothing was changed. Free space there, or restore onto another server (--to)",
              FailureTypes.BAD_REQUEST);
        }
      });
    } catch (SQLException e) {
      throw new IllegalStateException("cannot check the server at " + server.host() + ":" + server.port() + ": "
          + e.getMessage(), e);
    }
  }

  /** The major version of a {@code server_version} ("15.4 (Debian 15.4-1)", "9.6.24"); 0 when unknown. */
  static int major(String serverVersion) {
    if (serverVersion == null || !serverVersion.matches("^[0-9]+(\\.[0-9]+)*.*")) {
      return 0;
    }
    return Integer.parseInt(serverVersion.split("[^0-9]+")[0]); // 9.6 counts as 9: below every newer server
  }

  /** The server's data directory when the server runs on this machine and it can be seen from here. */
  private static Optional<Path> dataDirectory(Connection maintenance, PostgresServer server) throws SQLException {
    if (!LOOPBACK.contains(server.host()) && !server.host().startsWith("/")) {
      return Optional.empty();
    }
    String directory;
    try {
      directory = setting(maintenance, "data_directory");
    } catch (SQLException e) {
      return Optional.empty(); // only superusers and pg_read_all_settings may read it
    }
    Path path = Path.of(directory);
    return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
  }

  private static long usableSpace(Path directory) {
    try {
      return Files.getFileStore(directory).getUsableSpace();
    } catch (IOException e) {
      return Long.MAX_VALUE; // unseen: not checked
    }
  }

  private static String setting(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SHOW " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
