package io.lifeboat.tests;

import io.lifeboat.worker.embedded.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A private PostgreSQL 15 cluster made with the machine's initdb, on a free port, run as the
 * {@code postgres} user (PostgreSQL refuses root), archiving its WAL with the configured command.
 */
final class PrivateCluster implements AutoCloseable {
  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  static final String OS_USER = "postgres";
  private static final Path TMP = Path.of(System.getProperty("java.io.tmpdir"));

  final Path dataDirectory;
  final int port;
  private final Path log;

  private PrivateCluster(Path dataDirectory, int port, Path log) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    this.log = log;
  }

  /** initdb into {@code dir/data}; {@code settings} are appended to postgresql.conf. */
  static PrivateCluster create(Path dir, List<String> settings) throws Exception {
    return create(dir, settings, FreePorts.any());
  }

  /** As {@link #create(Path, List)}, listening on {@code port}: a new server in place of one that is gone. */
  static PrivateCluster create(Path dir, List<String> settings, int port) throws Exception {
    openForPostgres(dir);
    Path data = dir.resolve("data");
    asPostgres(List.of(BIN.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
        "--no-sync"));
    List<String> conf = new ArrayList<>(List.of("port = " + port, "listen_addresses = '127.0.0.1'",
        "unix_socket_directories = '" + dir + "'", "wal_level = replica", "max_wal_senders = 4",
        "fsync = off", "synchronous_commit = off"));
    conf.addAll(settings);
    Files.writeString(data.resolve("postgresql.conf"), "\n" + String.join("\n", conf) + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    return new PrivateCluster(data, port, dir.resolve("server.log"));
  }

  /** Lets the postgres user reach {@code dir} (JUnit's temporary directories are private to root). */
  static void openForPostgres(Path dir) throws Exception {
    Files.createDirectories(dir);
    for (Path p = dir.toAbsolutePath(); p.getParent() != null && !p.equals(TMP); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    run(List.of("chown", "-R", OS_USER, dir.toString()));
  }

  void start() throws Exception {
    asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(), "-l", log.toString(),
        "-w", "-t", "60", "start"));
  }

  void stop() throws Exception {
    if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
      asPostgres(List.of(BIN.resolve("pg_ctl").toString(), "-D", dataDirectory.toString(), "-m", "fast", "-w",
          "stop"));
    }
  }

  Connection connect(String database) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  String query(String sql) throws SQLException {
    try (Connection c = connect("postgres"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  static String asPostgres(List<String> command) throws Exception {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", OS_USER, "--"));
    full.addAll(command);
    return run(full);
  }

  static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
    return output;
  }

  @Override
  public void close() throws Exception {
    stop();
  }
}
