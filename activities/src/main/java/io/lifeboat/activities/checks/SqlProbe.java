package io.lifeboat.activities.checks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/** Runs a query and passes when its first value, as text, is the expected one. */
final class SqlProbe implements Probe {
  private final String url;
  private final Properties credentials;
  private final String query;
  private final String expect;

  SqlProbe(String url, Properties credentials, String query, String expect) {
    this.url = url;
    this.credentials = credentials;
    this.query = query;
    this.expect = expect;
  }

  @Override
  public Observation probe() {
    try (Connection connection = DriverManager.getConnection(url, credentials)) {
      String value = SqlCall.firstValue(connection, query, Duration.ofSeconds(10), running -> { });
      return new Observation(expect.equals(value), "'" + query + "' returned " + (value == null ? "no row" : "'" + value + "'")
          + (expect.equals(value) ? "" : ", expected '" + expect + "'"));
    } catch (SQLException e) {
      return new Observation(false, "'" + query + "' failed: " + e.getMessage());
    }
  }
}
