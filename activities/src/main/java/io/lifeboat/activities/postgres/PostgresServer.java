package io.lifeboat.activities.postgres;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How to reach one PostgreSQL server, over JDBC and with the libpq tools (pg_dump, pg_restore).
 *
 * @param settings where its host, port and credentials are configured, for the message that says
 *     what to check when it cannot be reached ("the target's", "destination standby's")
 */
public record PostgresServer(String host, int port, String user, String password, String sslMode, String settings) {

  /** A target's own server. */
  public PostgresServer(String host, int port, String user, String password, String sslMode) {
    this(host, port, user, password, sslMode, "the target's");
  }

  /** The same server described as configured elsewhere. */
  public PostgresServer configuredAs(String otherSettings) {
    return new PostgresServer(host, port, user, password, sslMode, otherSettings);
  }

  /** The database every server has; used to create, drop and rename others. */
  public static final String MAINTENANCE_DATABASE = "postgres";

  /**
   * Connects to {@code database}. Every part is set as a property, never written into URL text: a
   * database name holding {@code ?} or {@code &} stays a name and cannot add connection options.
   */
  public Connection connect(String database) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setServerNames(new String[] {host});
    source.setPortNumbers(new int[] {port});
    source.setDatabaseName(database);
    source.setUser(user);
    if (password != null) {
      source.setPassword(password);
    }
    if (sslMode != null) {
      source.setSslMode(sslMode);
    }
    source.setApplicationName("lifeboat");
    source.setConnectTimeout(10);
    try {
      return source.getConnection();
    } catch (SQLException e) {
      // Unreachable is retryable (the server may be restarting); the message says what to check.
      throw ApplicationFailure.newFailure("cannot connect to PostgreSQL at " + host + ":" + port + " database "
          + database + " as " + user + ": " + e.getMessage()
          + " — check that the server is running and " + settings + " host, port and credentials",
          FailureTypes.DATABASE_UNREACHABLE);
    }
  }

  /**
   * The {@code --dbname} option of a libpq tool for {@code database}: a keyword/value connection
   * string holding only {@code dbname}, the name quoted as libpq quotes, so a name such as
   * {@code x host=evil} or {@code postgresql://elsewhere/db} is a name and never a connection
   * string of its own. Host, port, user and password come from {@link #toolEnvironment}.
   */
  public static String dbnameOption(String database) {
    return "--dbname=dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** Environment for libpq tools; the password never appears on a command line. */
  public Map<String, String> toolEnvironment(String database) {
    Map<String, String> env = new HashMap<>();
    env.put("PGHOST", host);
    env.put("PGPORT", Integer.toString(port));
    env.put("PGUSER", user);
    env.put("PGDATABASE", database);
    env.put("PGAPPNAME", "lifeboat");
    env.put("PGCONNECT_TIMEOUT", "10");
    if (password != null) {
      env.put("PGPASSWORD", password);
    }
    if (sslMode != null) {
      env.put("PGSSLMODE", sslMode);
    }
    return env;
  }
}
