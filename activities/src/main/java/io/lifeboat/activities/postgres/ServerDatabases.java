package io.lifeboat.activities.postgres;

import io.lifeboat.config.DatabaseSelection;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Which databases of a server a target of several databases means now: {@code all} is every
 * database that allows connections except the templates and {@code postgres} (the one Lifeboat
 * connects to, to create, rename and drop the others); a list is checked against the server.
 */
final class ServerDatabases {
  private ServerDatabases() {}

  /**
   * The databases {@code selection} names on the server, in the configuration's order (a list) or by
   * name ({@code all}). A listed database the server lacks is refused, naming what it has — unless
   * {@code skipMissing} (a safety backup before a restore: the missing one is what is restored).
   */
  static List<String> select(Connection maintenance, DatabaseSelection selection, String target,
      boolean skipMissing) throws SQLException {
    List<String> present = all(maintenance);
    if (selection.all()) {
      return present;
    }
    List<String> chosen = new ArrayList<>();
    for (String name : selection.names()) {
      if (present.contains(name)) {
        chosen.add(name);
      } else if (!skipMissing) {
        throw ApplicationFailure.newNonRetryableFailure("database " + name + " listed under databases of target "
            + target + " does not exist on its server, which has: " + (present.isEmpty() ? "none besides postgres"
            : String.join(", ", present)) + " — correct the list (names are case-sensitive) or write databases: all",
            FailureTypes.BAD_REQUEST);
      }
    }
    return chosen;
  }

  /** Every database that allows connections, by name, without the templates and {@code postgres}. */
  static List<String> all(Connection maintenance) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = maintenance.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate"
            + " AND datname <> '" + PostgresServer.MAINTENANCE_DATABASE + "' ORDER BY datname")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /** Every database whose name ends with {@code suffix} (what one restore run created beside the others). */
  static List<String> endingWith(Connection maintenance, String suffix) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = maintenance.createStatement(); ResultSet rs = s.executeQuery("SELECT datname FROM pg_database"
        + " ORDER BY datname")) {
      while (rs.next()) {
        if (rs.getString(1).endsWith(suffix)) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }
}
