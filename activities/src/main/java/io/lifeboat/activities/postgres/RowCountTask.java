package io.lifeboat.activities.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Row counting on a side thread, so it overlaps with the dump instead of adding to it. */
final class RowCountTask {
  private final CompletableFuture<Map<String, Long>> counts;

  private RowCountTask(CompletableFuture<Map<String, Long>> counts) {
    this.counts = counts;
  }

  /** Counts every table, or only those of {@code schema} when it is not null. */
  static RowCountTask start(Connection connection, String schema) {
    return new RowCountTask(CompletableFuture.supplyAsync(() -> {
      try {
        return schema == null ? RowCounts.count(connection) : RowCounts.countSchema(connection, schema, schema);
      } catch (SQLException e) {
        throw new CompletionException(e);
      }
    }));
  }

  Map<String, Long> join() throws SQLException {
    try {
      return counts.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof SQLException sql) {
        throw sql;
      }
      throw e;
    }
  }
}
