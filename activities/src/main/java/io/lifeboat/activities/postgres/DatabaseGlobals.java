package io.lifeboat.activities.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Puts a backup's database-level properties on the database it was restored into: what
 * {@code pg_restore} without {@code --create} leaves out (settings, grants on the database, its
 * owner). They are kept by the database's identity, so they follow a later rename into place.
 */
final class DatabaseGlobals {
  private DatabaseGlobals() {}

  /**
   * Settings and grants first, the owner last (once the connecting user gives the database away it
   * may no longer change it). Returns what the step's summary says about it.
   */
  static String apply(Connection maintenance, Globals.DatabaseProperties properties, String database, boolean noOwner)
      throws SQLException {
    String quoted = GlobalsSql.identifier(database);
    try (Statement s = maintenance.createStatement()) {
      for (String statement : GlobalsSql.databaseProperties(properties, quoted, true)) {
        s.execute(statement);
      }
      if (noOwner) {
        return "owned by the connecting user (--no-owner)";
      }
      try {
        s.execute("ALTER DATABASE " + quoted + " OWNER TO " + GlobalsSql.identifier(properties.owner()));
        return "owned by " + properties.owner();
      } catch (SQLException e) {
        // Not fatal: the data is all there; only who owns the database differs, and the summary says so.
        return "owned by the connecting user, not " + properties.owner() + " (" + e.getMessage().strip() + ")";
      }
    }
  }
}
