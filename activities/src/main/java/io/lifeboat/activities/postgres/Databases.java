package io.lifeboat.activities.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Creating, dropping and renaming whole databases on a server (outside any transaction). */
public final class Databases {
  private Databases() {}

  public static boolean exists(Connection maintenance, String database) throws SQLException {
    try (PreparedStatement ps = maintenance.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  public static long size(Connection maintenance, String database) throws SQLException {
    try (PreparedStatement ps = maintenance.prepareStatement("SELECT pg_database_size(?)")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Drops (ending its sessions) and creates {@code database} empty. */
  public static void recreate(Connection maintenance, String database) throws SQLException {
    drop(maintenance, database);
    execute(maintenance, "CREATE DATABASE " + quote(database));
  }

  public static void drop(Connection maintenance, String database) throws SQLException {
    execute(maintenance, "DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
  }

  /**
   * Renames a database, ending its sessions first. New connections are refused from before the
   * sessions end until the rename is done, so a pool that reconnects at once cannot get in between.
   */
  public static void rename(Connection maintenance, String from, String to) throws SQLException {
    execute(maintenance, "ALTER DATABASE " + quote(from) + " ALLOW_CONNECTIONS false");
    try {
      execute(maintenance, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
          + from.replace("'", "''") + "' AND pid <> pg_backend_pid()");
      execute(maintenance, "ALTER DATABASE " + quote(from) + " RENAME TO " + quote(to));
    } catch (SQLException e) {
      execute(maintenance, "ALTER DATABASE " + quote(from) + " ALLOW_CONNECTIONS true");
      throw e;
    }
    execute(maintenance, "ALTER DATABASE " + quote(to) + " ALLOW_CONNECTIONS true");
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
