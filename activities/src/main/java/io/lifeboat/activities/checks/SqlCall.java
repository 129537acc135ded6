package io.lifeboat.activities.checks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;

/** Runs one SQL text on a connection, within a timeout; for health checks and backup hooks. */
public final class SqlCall {
  private SqlCall() {}

  /**
   * Runs {@code sql} (a query or a command such as {@code CHECKPOINT}); the server cancels it
   * after {@code timeout} (whole seconds, at least one). {@code running} is given the statement
   * while it runs, e.g. to cancel it from another thread.
   *
   * @return the first value of the first row, as text; null when there was no row or no result
   */
  public static String firstValue(Connection connection, String sql, Duration timeout, Consumer<Statement> running)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
      running.accept(statement);
      if (!statement.execute(sql)) {
        return null;
      }
      try (ResultSet result = statement.getResultSet()) {
        return result.next() ? result.getString(1) : null;
      }
    }
  }
}
