package io.lifeboat.activities.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@link Globals} as SQL: the statements a restore runs, and {@code globals.sql}, the script an
 * operator runs with {@code psql} when restoring by hand. Quoting follows {@code pg_dumpall}.
 */
final class GlobalsSql {
  /** Settings whose value is a list of identifiers, each quoted on its own ({@code pg_dumpall}'s list). */
  private static final Set<String> LIST_SETTINGS = Set.of("local_preload_libraries", "search_path",
      "session_preload_libraries", "shared_preload_libraries", "temp_tablespaces", "unix_socket_directories");

  private GlobalsSql() {}

  static String createRole(Globals.Role role, boolean withPassword) {
    StringBuilder sql = new StringBuilder("CREATE ROLE ").append(identifier(role.name())).append(" WITH")
        .append(role.superuser() ? " SUPERUSER" : " NOSUPERUSER")
        .append(role.inherit() ? " INHERIT" : " NOINHERIT")
        .append(role.createRole() ? " CREATEROLE" : " NOCREATEROLE")
        .append(role.createDb() ? " CREATEDB" : " NOCREATEDB")
        .append(role.login() ? " LOGIN" : " NOLOGIN")
        .append(role.replication() ? " REPLICATION" : " NOREPLICATION")
        .append(role.bypassRls() ? " BYPASSRLS" : " NOBYPASSRLS");
    if (role.connectionLimit() != -1) {
      sql.append(" CONNECTION LIMIT ").append(role.connectionLimit());
    }
    if (withPassword && role.password() != null) {
      sql.append(" PASSWORD ").append(literal(role.password()));
    }
    if (role.validUntil() != null) {
      sql.append(" VALID UNTIL ").append(literal(role.validUntil()));
    }
    return sql.toString();
  }

  static String grant(Globals.Membership membership) {
    return "GRANT " + identifier(membership.role()) + " TO " + identifier(membership.member())
        + (membership.admin() ? " WITH ADMIN OPTION" : "");
  }

  /** {@code ALTER ROLE ... [IN DATABASE ...] SET} for each of the role's settings; database null: the general ones. */
  static List<String> roleSettings(Globals.Role role, String database) {
    List<String> statements = new ArrayList<>();
    String prefix = "ALTER ROLE " + identifier(role.name()) + (database == null ? "" : " IN DATABASE "
        + identifier(database));
    for (String setting : database == null ? role.settings() : role.databaseSettings()) {
      statements.add(prefix + set(setting));
    }
    return statements;
  }

  /**
   * The database's owner (unless {@code noOwner}), grants and settings, applied to {@code database}
   * (a name or, in the script, a psql variable reference).
   */
  static List<String> databaseProperties(Globals.DatabaseProperties properties, String database, boolean noOwner) {
    List<String> statements = new ArrayList<>();
    if (!noOwner) {
      statements.add("ALTER DATABASE " + database + " OWNER TO " + identifier(properties.owner()));
    }
    if (!properties.defaultGrants()) {
      statements.add("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
      for (Globals.Grant grant : properties.grants()) {
        statements.add("GRANT " + grant.privilege() + " ON DATABASE " + database + " TO "
            + (grant.grantee() == null ? "PUBLIC" : identifier(grant.grantee()))
            + (grant.grantable() ? " WITH GRANT OPTION" : ""));
      }
    }
    for (String setting : properties.settings()) {
      statements.add("ALTER DATABASE " + database + set(setting));
    }
    return statements;
  }

  /**
   * {@code globals.sql}: creates each role that does not exist yet with its settings (an existing
   * role is left as it is), grants the memberships, then sets the database's owner, grants and
   * settings on the database named by psql's {@code dbname} variable (the original name by default).
   */
  static String script(Globals globals) {
    StringBuilder sql = new StringBuilder();
    sql.append("-- Roles, memberships and settings database ").append(globals.database().name())
        .append(" needs from its cluster (PostgreSQL ").append(globals.serverVersion()).append(").\n")
        .append("-- Passwords ").append(globals.passwords() ? "included" : "not included (the backup user could not"
            + " read them): set them with ALTER ROLE ... PASSWORD").append(".\n")
        .append("-- Run against the new cluster's database after creating it and before pg_restore:\n")
        .append("--   psql -v dbname=").append(globals.database().name()).append(" -d ")
        .append(globals.database().name()).append(" -f globals.sql\n")
        .append("\\if :{?dbname}\n\\else\n\\set dbname ").append(literal(globals.database().name()))
        .append("\n\\endif\n\n");
    for (Globals.Role role : globals.roles()) {
      List<String> body = new ArrayList<>();
      body.add(createRole(role, true));
      body.addAll(roleSettings(role, null));
      sql.append("DO $lifeboat$ BEGIN\n  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ")
          .append(literal(role.name())).append(") THEN\n");
      body.forEach(s -> sql.append("    ").append(s.replace("$lifeboat$", "")).append(";\n"));
      sql.append("  END IF;\nEND $lifeboat$;\n");
    }
    sql.append('\n');
    globals.memberships().forEach(m -> sql.append(grant(m)).append(";\n"));
    for (Globals.Role role : globals.roles()) {
      for (String setting : role.databaseSettings()) {
        sql.append("ALTER ROLE ").append(identifier(role.name())).append(" IN DATABASE :\"dbname\"")
            .append(set(setting)).append(";\n");
      }
    }
    databaseProperties(globals.database(), ":\"dbname\"", false).forEach(s -> sql.append(s).append(";\n"));
    return sql.toString();
  }

  /** {@code " SET name TO value"} of one {@code name=value} as PostgreSQL stores it. */
  static String set(String setting) {
    int eq = setting.indexOf('=');
    String name = setting.substring(0, eq);
    String value = setting.substring(eq + 1);
    StringBuilder sql = new StringBuilder(" SET ").append(identifier(name)).append(" TO ");
    if (LIST_SETTINGS.contains(name.toLowerCase())) {
      List<String> items = identifiers(value);
      for (int i = 0; i < items.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(literal(items.get(i)));
      }
      if (items.isEmpty()) {
        sql.append("''");
      }
    } else {
      sql.append(literal(value));
    }
    return sql.toString();
  }

  /** Splits a stored list setting ({@code "$user", public}) into its identifiers, unquoted. */
  static List<String> identifiers(String list) {
    List<String> items = new ArrayList<>();
    int i = 0;
    while (i < list.length()) {
      while (i < list.length() && (Character.isWhitespace(list.charAt(i)) || list.charAt(i) == ',')) {
        i++;
      }
      if (i >= list.length()) {
        break;
      }
      StringBuilder item = new StringBuilder();
      if (list.charAt(i) == '"') {
        i++;
        while (i < list.length()) {
          char c = list.charAt(i++);
          if (c == '"') {
            if (i < list.length() && list.charAt(i) == '"') {
              item.append('"');
              i++;
            } else {
              break;
            }
          } else {
            item.append(c);
          }
        }
      } else {
        while (i < list.length() && list.charAt(i) != ',') {
          item.append(list.charAt(i++));
        }
      }
      items.add(item.toString().strip());
    }
    return items;
  }

  static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
