package io.lifeboat.activities.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Schemas of one database: listing, inspecting, renaming and dropping them, and who holds them. */
final class Schemas {
  /** Lifeboat's own staging and retired schemas hold this; listings of tenants leave them out. */
  static final String LIFEBOAT_MARK = "__lifeboat_";

  private static final String USER_SCHEMAS = """
      SELECT nspname FROM pg_namespace
       WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
         AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
         AND strpos(nspname, ?) = 0""";

  private Schemas() {}

  static boolean exists(Connection db, String schema) throws SQLException {
    return !strings(db, "SELECT 1::text FROM pg_namespace WHERE nspname = ?", schema).isEmpty();
  }

  /** User schemas (not Lifeboat's own) whose names are LIKE {@code pattern}, sorted. */
  static List<String> matching(Connection db, String likePattern) throws SQLException {
    return strings(db, USER_SCHEMAS + " AND nspname LIKE ? ORDER BY 1", LIFEBOAT_MARK, likePattern);
  }

  /** Every user schema, sorted; for error messages. */
  static List<String> all(Connection db) throws SQLException {
    return strings(db, USER_SCHEMAS + " ORDER BY 1", LIFEBOAT_MARK);
  }

  /**
   * A glob ({@code *} any characters, {@code ?} one) as a LIKE pattern, with LIKE's own {@code %},
   * {@code _} and {@code \} taken literally.
   */
  static String likePattern(String glob) {
    StringBuilder like = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> like.append('%');
        case '?' -> like.append('_');
        case '%', '_', '\\' -> like.append('\\').append(c);
        default -> like.append(c);
      }
    }
    return like.toString();
  }

  /** The schema's tables, quoted and qualified. */
  static List<String> tables(Connection db, String schema) throws SQLException {
    return strings(db, "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') ORDER BY 1",
        schema);
  }

  /** Bytes of the schema's tables with their indexes and TOAST. */
  static long size(Connection db, String schema) throws SQLException {
    return Long.parseLong(strings(db, "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text FROM pg_class c"
        + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'm')",
        schema).get(0));
  }

  /**
   * Views and foreign keys of other schemas that depend on the schema's tables: a swap would leave
   * them on the old copy (and dropping it would drop them).
   */
  static List<String> dependents(Connection db, String schema) throws SQLException {
    return strings(db, """
        SELECT DISTINCT pg_describe_object(d.classid, d.objid, 0)
          FROM pg_depend d
          JOIN pg_class t ON d.refclassid = 'pg_class'::regclass AND d.refobjid = t.oid
          JOIN pg_namespace n ON n.oid = t.relnamespace
          LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
          LEFT JOIN pg_class v ON v.oid = r.ev_class
          LEFT JOIN pg_constraint k ON d.classid = 'pg_constraint'::regclass AND k.oid = d.objid
         WHERE n.nspname = ?
           AND coalesce(v.relnamespace, k.connamespace) <> t.relnamespace
         ORDER BY 1""", schema);
  }

  /** Sessions other than this one holding locks on the schema's tables: "pid 123 (app, idle in transaction)". */
  static List<String> holders(Connection db, String schema) throws SQLException {
    return strings(db, """
        SELECT DISTINCT format('pid %s (%s, %s)', a.pid, coalesce(nullif(a.application_name, ''), a.usename), a.state)
          FROM pg_locks l
          JOIN pg_class c ON c.oid = l.relation
          JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE n.nspname = ? AND l.pid <> pg_backend_pid()
         ORDER BY 1""", schema);
  }

  static void rename(Connection db, String from, String to) throws SQLException {
    execute(db, "ALTER SCHEMA " + Databases.quote(from) + " RENAME TO " + Databases.quote(to));
  }

  static void drop(Connection db, String schema) throws SQLException {
    execute(db, "DROP SCHEMA IF EXISTS " + Databases.quote(schema) + " CASCADE");
  }

  static void execute(Connection db, String sql) throws SQLException {
    try (Statement statement = db.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> strings(Connection db, String sql, String... parameters) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setString(i + 1, parameters[i]);
      }
      List<String> values = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
      return values;
    }
  }
}
