package io.lifeboat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL 15 cluster of the machine's binaries for the cluster benchmarks, run as the
 * {@code postgres} user (PostgreSQL refuses root) under a folder of {@code /tmp} that user can reach.
 */
final class BenchCluster {
  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  final Path dir;
  final Path data;
  final int port;

  private BenchCluster(Path dir, int port) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
  }

  /** The cluster in {@code dir}, made with initdb and {@code settings} when it does not exist yet. */
  static BenchCluster open(Path dir, int port, List<String> settings) throws Exception {
    BenchCluster cluster = new BenchCluster(dir, port);
    if (!Files.exists(cluster.data.resolve("PG_VERSION"))) {
      Files.createDirectories(dir);
      reachable(dir);
      asPostgres(BIN.resolve("initdb") + " -D " + cluster.data + " -A trust -U postgres --no-sync");
      List<String> conf = new ArrayList<>(List.of("listen_addresses = '127.0.0.1'",
          "unix_socket_directories = '" + dir + "'", "wal_level = replica", "max_wal_senders = 4",
          "max_wal_size = 8GB", "shared_buffers = 256MB", "archive_mode = on"));
      conf.addAll(settings);
      Files.writeString(cluster.data.resolve("postgresql.conf"), "\n" + String.join("\n", conf) + "\n",
          StandardOpenOption.APPEND);
    }
    return cluster;
  }

  /** Makes {@code dir} and its parents up to /tmp reachable, and {@code dir} owned by postgres. */
  static void reachable(Path dir) throws Exception {
    for (Path p = dir; p.getParent() != null && !p.equals(Path.of("/tmp")); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Bash.run(dir, "chown -R postgres " + dir);
  }

  void start() throws Exception {
    asPostgres(BIN.resolve("pg_ctl") + " -D " + data + " -o '-p " + port + "' -l " + dir.resolve("server.log")
        + " -w -t 120 start");
  }

  void stop() throws Exception {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      asPostgres(BIN.resolve("pg_ctl") + " -D " + data + " -m fast -w stop");
    }
  }

  /** Sets the archive command (empty: WAL waits, marked ready) and reloads. */
  void archiveCommand(String command) throws SQLException {
    execute("ALTER SYSTEM SET archive_command = '" + command.replace("'", "''") + "'");
    execute("SELECT pg_reload_conf()");
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  String query(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  long bytes() throws SQLException {
    return Long.parseLong(query("SELECT sum(pg_database_size(datname)) FROM pg_database"));
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
  }

  static String asPostgres(String command) throws Exception {
    return Bash.run(Path.of("/tmp"), "runuser -u postgres -- " + command);
  }

  static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
