package io.lifeboat.activities.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads {@link Globals} of the connected database from its cluster's catalogs: the roles its
 * objects reference (through {@code pg_shdepend}, which records owners, ACL grantees, policy roles
 * and default privileges, plus the owners it does not record: the bootstrap superuser's objects;
 * a default-privileges role counts as a grantee: {@code pg_restore --no-owner} still names it),
 * then every member of those roles and every role they are members of, transitively.
 */
final class GlobalsCapture {
  /** Roles below this are PostgreSQL's own (predefined) and exist in every cluster; 10 is the bootstrap superuser. */
  private static final long FIRST_NORMAL_OID = 16384;
  private static final long BOOTSTRAP_SUPERUSER = 10;

  private static final String SYSTEM_SCHEMAS =
      "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'";

  private static final String REFERENCED = """
      WITH db AS (SELECT oid, datdba, datacl FROM pg_database WHERE datname = current_database())
      SELECT d.refobjid, CASE d.deptype WHEN 'o' THEN 'owner' ELSE 'grantee' END
        FROM pg_shdepend d, db
       WHERE d.refclassid = 'pg_authid'::regclass
         AND (d.dbid = db.oid OR (d.dbid = 0 AND d.classid = 'pg_database'::regclass AND d.objid = db.oid))
      UNION SELECT datdba, 'owner' FROM db
      UNION SELECT a.grantee, 'grantee' FROM db, aclexplode(db.datacl) a WHERE a.grantee <> db.datdba
      UNION SELECT n.nspowner, 'owner' FROM pg_namespace n WHERE %1$s
      UNION SELECT c.relowner, 'owner' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE %1$s
      UNION SELECT p.proowner, 'owner' FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE %1$s
      UNION SELECT t.typowner, 'owner' FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE %1$s
      UNION SELECT lomowner, 'owner' FROM pg_largeobject_metadata
      UNION SELECT defaclrole, 'grantee' FROM pg_default_acl
      UNION SELECT s.setrole, 'related' FROM pg_db_role_setting s, db WHERE s.setdatabase = db.oid AND s.setrole <> 0
      """.formatted(SYSTEM_SCHEMAS);

  private GlobalsCapture() {}

  static Globals capture(Connection connection) throws SQLException {
    Map<Long, Set<String>> reasons = new HashMap<>();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(REFERENCED)) {
      while (rs.next()) {
        long oid = rs.getLong(1);
        if (oid == BOOTSTRAP_SUPERUSER || oid >= FIRST_NORMAL_OID) {
          reasons.computeIfAbsent(oid, o -> new TreeSet<>()).add(rs.getString(2));
        }
      }
    }
    List<long[]> edges = new ArrayList<>(); // {role, member, admin}
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT roleid, member, bool_or(admin_option) FROM pg_auth_members"
            + " GROUP BY roleid, member")) {
      while (rs.next()) {
        edges.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getBoolean(3) ? 1 : 0});
      }
    }
    Set<Long> roles = closure(reasons.keySet(), edges);
    roles.forEach(oid -> reasons.computeIfAbsent(oid, o -> new TreeSet<>(Set.of(Globals.RELATED))));
    long database = databaseOid(connection);
    boolean passwords = canReadPasswords(connection);
    Map<Long, String> names = new TreeMap<>();
    List<Globals.Role> captured = new ArrayList<>();
    Map<Long, List<String>> general = new HashMap<>();
    Map<Long, List<String>> inDatabase = new HashMap<>();
    List<String> databaseSettings = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT setrole, setdatabase, setconfig FROM pg_db_role_setting WHERE setdatabase IN (0, ?)")) {
      s.setLong(1, database);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          List<String> config = strings(rs.getArray(3));
          long role = rs.getLong(1);
          if (role == 0) {
            if (rs.getLong(2) == database) {
              databaseSettings.addAll(config);
            }
          } else {
            (rs.getLong(2) == 0 ? general : inDatabase).computeIfAbsent(role, r -> new ArrayList<>()).addAll(config);
          }
        }
      }
    }
    try (PreparedStatement s = connection.prepareStatement("SELECT r.oid, r.rolname, r.rolsuper, r.rolinherit,"
        + " r.rolcreaterole, r.rolcreatedb, r.rolcanlogin, r.rolreplication, r.rolbypassrls, r.rolconnlimit,"
        + " r.rolvaliduntil::text, " + (passwords ? "a.rolpassword" : "NULL")
        + " FROM pg_roles r" + (passwords ? " JOIN pg_authid a ON a.oid = r.oid" : "")
        + " WHERE r.oid::int8 = ANY (?) ORDER BY r.rolname")) {
      s.setArray(1, connection.createArrayOf("int8", roles.toArray()));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long oid = rs.getLong(1);
          names.put(oid, rs.getString(2));
          captured.add(new Globals.Role(rs.getString(2), List.copyOf(reasons.get(oid)), rs.getBoolean(3),
              rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8),
              rs.getBoolean(9), rs.getInt(10), rs.getString(11), rs.getString(12),
              general.getOrDefault(oid, List.of()), inDatabase.getOrDefault(oid, List.of())));
        }
      }
    }
    Map<Long, String> predefined = predefinedRoles(connection);
    List<Globals.Membership> memberships = new ArrayList<>();
    for (long[] edge : edges) {
      String role = names.containsKey(edge[0]) ? names.get(edge[0]) : predefined.get(edge[0]);
      if (role != null && names.containsKey(edge[1])) {
        memberships.add(new Globals.Membership(role, names.get(edge[1]), edge[2] == 1));
      }
    }
    memberships.sort((a, b) -> (a.member() + "\0" + a.role()).compareTo(b.member() + "\0" + b.role()));
    return new Globals(Globals.FORMAT_VERSION, serverVersion(connection),
        databaseProperties(connection, databaseSettings), captured, memberships, passwords);
  }

  /**
   * {@code start}, every member of those (transitively), and every role any of them is a member of
   * (transitively): the roles an application of the database logs in as and acts through.
   */
  static Set<Long> closure(Set<Long> start, List<long[]> edges) {
    Set<Long> down = walk(start, edges, 0, 1);
    return walk(down, edges, 1, 0);
  }

  private static Set<Long> walk(Set<Long> start, List<long[]> edges, int from, int to) {
    Set<Long> seen = new LinkedHashSet<>(start);
    Deque<Long> pending = new ArrayDeque<>(start);
    while (!pending.isEmpty()) {
      long at = pending.pop();
      for (long[] edge : edges) {
        long next = edge[to];
        if (edge[from] == at && (next == BOOTSTRAP_SUPERUSER || next >= FIRST_NORMAL_OID) && seen.add(next)) {
          pending.push(next);
        }
      }
    }
    return seen;
  }

  /** The grants in the ACL's own order, so that the restored ACL reads the same. */
  private static Globals.DatabaseProperties databaseProperties(Connection connection, List<String> settings)
      throws SQLException {
    List<Globals.Grant> grants = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT CASE WHEN a.grantee = 0 THEN NULL ELSE pg_get_userbyid(a.grantee) END,"
            + " a.privilege_type, a.is_grantable FROM pg_database d, aclexplode(d.datacl) WITH ORDINALITY a"
            + " WHERE d.datname = current_database() AND a.grantee <> d.datdba ORDER BY a.ordinality")) {
      while (rs.next()) {
        grants.add(new Globals.Grant(rs.getString(1), rs.getString(2), rs.getBoolean(3)));
      }
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT datname, pg_get_userbyid(datdba), pg_encoding_to_char(encoding),"
            + " datcollate, datctype, datacl IS NULL FROM pg_database WHERE datname = current_database()")) {
      rs.next();
      return new Globals.DatabaseProperties(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
          rs.getString(5), rs.getBoolean(6), grants, settings);
    }
  }

  private static Map<Long, String> predefinedRoles(Connection connection) throws SQLException {
    Map<Long, String> roles = new HashMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT oid, rolname FROM pg_roles WHERE oid < " + FIRST_NORMAL_OID
            + " AND oid <> " + BOOTSTRAP_SUPERUSER)) {
      while (rs.next()) {
        roles.put(rs.getLong(1), rs.getString(2));
      }
    }
    return roles;
  }

  private static boolean canReadPasswords(Connection connection) throws SQLException {
    return single(connection, "SELECT has_table_privilege('pg_authid', 'SELECT')").equals("t");
  }

  private static long databaseOid(Connection connection) throws SQLException {
    return Long.parseLong(single(connection, "SELECT oid FROM pg_database WHERE datname = current_database()"));
  }

  private static String serverVersion(Connection connection) throws SQLException {
    return single(connection, "SELECT current_setting('server_version')");
  }

  private static String single(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
