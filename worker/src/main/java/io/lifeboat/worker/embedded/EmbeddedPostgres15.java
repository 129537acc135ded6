package io.lifeboat.worker.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A private PostgreSQL 15 cluster in a local folder (zonky's binaries, which also run as root).
 * It holds the embedded catalog and, for the demo, the sample database. Version 15 so that the
 * machine's PostgreSQL 15 tools (pg_dump, pg_restore) can talk to it.
 */
public final class EmbeddedPostgres15 implements AutoCloseable {
  public static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgres15(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedPostgres15 start(Path dataDirectory, int port) throws IOException {
    Files.createDirectories(dataDirectory);
    return new EmbeddedPostgres15(EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("max_connections", "100")
        .setServerConfig("fsync", "off") // a scratch cluster: speed over crash safety
        .setServerConfig("full_page_writes", "off")
        .setServerConfig("synchronous_commit", "off")
        .start());
  }

  public int port() {
    return postgres.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + URLEncoder.encode(database, StandardCharsets.UTF_8);
  }

  public boolean databaseExists(String name) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** Creates a database unless it exists. */
  public void createDatabase(String name) throws SQLException {
    if (!databaseExists(name)) {
      execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
    }
  }

  /** Drops a database, ending its sessions: the demo's disaster. */
  public void dropDatabase(String name) throws SQLException {
    execute("DROP DATABASE IF EXISTS \"" + name.replace("\"", "\"\"") + "\" WITH (FORCE)");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  public Connection connect(String database) throws SQLException {
    return postgres.getDatabase(USER, database).getConnection();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
