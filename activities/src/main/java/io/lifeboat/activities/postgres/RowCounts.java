package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.Heartbeat;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Exact row counts of every user table (and the number of large objects). Taken inside the
 * backup's snapshot they go into the manifest; taken after a restore they prove it complete.
 */
public final class RowCounts {
  static final String LARGE_OBJECTS = "(large objects)";

  private static final String TABLES = """
      SELECT format('%I.%I', n.nspname, c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r'
         AND n.nspname NOT IN ('pg_catalog', 'information_schema')
         AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
       ORDER BY 1""";

  private RowCounts() {}

  /**
   * The row counts of {@code database} (or of one schema of it), heartbeating meanwhile: exact
   * counts of a large database take longer than an activity's heartbeat timeout. An attempt that
   * Temporal ends (cancelled, timed out) aborts its query.
   */
  static Map<String, Long> countHeartbeating(PostgresServer server, String database, String schema) {
    try (Heartbeat heartbeat = Heartbeat.start("count-" + database)) {
      try (Connection db = server.connect(database)) {
        heartbeat.onStop(() -> {
          try {
            db.abort(Runnable::run);
          } catch (SQLException closed) {
            // nothing left to stop
          }
        });
        return schema == null ? count(db) : countSchema(db, schema, schema);
      } catch (SQLException e) {
        heartbeat.throwIfStopped();
        throw new IllegalStateException("cannot count rows in " + database + ": " + e.getMessage(), e);
      }
    }
  }

  public static Map<String, Long> count(Connection connection) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery(TABLES)) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      for (String table : tables) {
        counts.put(table, single(statement, "SELECT count(*) FROM " + table));
      }
      counts.put(LARGE_OBJECTS, single(statement, "SELECT count(*) FROM pg_largeobject_metadata"));
    }
    return counts;
  }

  /**
   * Exact row counts of the tables of one schema, keyed as if the schema were named {@code
   * keyedAs}: a tenant restored under another name compares with its backup's counts. Large
   * objects belong to no schema, and a schema dump leaves them out.
   */
  public static Map<String, Long> countSchema(Connection connection, String schema, String keyedAs)
      throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    Map<String, String> tables = new LinkedHashMap<>();
    try (PreparedStatement ps = connection.prepareStatement("SELECT format('%I.%I', ?, c.relname),"
        + " format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        + " WHERE c.relkind = 'r' AND n.nspname = ? ORDER BY 1")) {
      ps.setString(1, keyedAs);
      ps.setString(2, schema);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          tables.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    try (Statement statement = connection.createStatement()) {
      for (Map.Entry<String, String> table : tables.entrySet()) {
        counts.put(table.getKey(), single(statement, "SELECT count(*) FROM " + table.getValue()));
      }
    }
    return counts;
  }

  /** Number of user tables, without counting rows. */
  public static int tables(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return (int) single(statement, "SELECT count(*) FROM (" + TABLES + ") t");
    }
  }

  /** One line per difference between what the backup recorded and what a database holds. */
  public static List<String> differences(Map<String, Long> expected, Map<String, Long> actual) {
    List<String> problems = new ArrayList<>();
    for (String table : new TreeSet<>(union(expected, actual))) {
      Long want = expected.get(table);
      Long got = actual.get(table);
      if (want == null) {
        problems.add(table + ": not in the backup but present after restore");
      } else if (got == null) {
        problems.add(table + ": missing after restore (" + want + " rows in the backup)");
      } else if (!want.equals(got)) {
        problems.add(table + ": " + want + " rows in the backup, " + got + " after restore");
      }
    }
    return problems;
  }

  private static Set<String> union(Map<String, Long> a, Map<String, Long> b) {
    Set<String> all = new TreeSet<>(a.keySet());
    all.addAll(b.keySet());
    return all;
  }

  private static long single(Statement statement, String sql) throws SQLException {
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
