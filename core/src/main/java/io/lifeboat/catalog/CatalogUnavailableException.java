package io.lifeboat.catalog;

import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.tomcat.jdbc.pool.DataSourceProxy;
import org.postgresql.Driver;
import org.postgresql.ds.common.BaseDataSource;

/**
 * The catalog database cannot be reached or refuses Lifeboat. The message names the server and
 * says what to check, for whoever reads the start-up log.
 */
public class CatalogUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private CatalogUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  static CatalogUnavailableException of(DataSource dataSource, SQLException e) {
    return new CatalogUnavailableException(
        "Cannot use the catalog database " + describe(dataSource) + ": " + reason(e) + ". " + advice(e), e);
  }

  /** "at host:port (database x)" from the data source's URL where its type lets us read it. */
  private static String describe(DataSource dataSource) {
    String url = null;
    if (dataSource instanceof DataSourceProxy pool) { // Dropwizard's DataSourceFactory builds these
      url = pool.getUrl();
    } else if (dataSource instanceof BaseDataSource postgres) {
      url = postgres.getUrl();
    }
    Properties parsed = url == null ? null : Driver.parseURL(url, null);
    if (parsed == null) {
      return "(URL unknown)";
    }
    return "at " + parsed.getProperty("PGHOST") + ":" + parsed.getProperty("PGPORT")
        + " (database " + parsed.getProperty("PGDBNAME") + ")";
  }

  private static String reason(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().replaceAll("\\s+", " ").replaceAll("\\.$", "");
  }

  /** What to check, by SQLSTATE class: connection (08), authorization (28), missing database. */
  private static String advice(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (hasCause(e, UnknownHostException.class)) {
      return "Check the host name in catalog.url and that this machine's DNS resolves it.";
    }
    if (state.startsWith("28")) {
      return "Check catalog.user and catalog.password, and that pg_hba.conf on the server lets"
          + " this user connect from this machine.";
    }
    if (state.equals("3D000")) {
      return "Create the database on the server or fix its name in catalog.url.";
    }
    return "Check that PostgreSQL is running and listening on that host and port (catalog.url),"
        + " that no firewall blocks the port, and that the server accepts TCP/IP connections"
        + " (listen_addresses).";
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
