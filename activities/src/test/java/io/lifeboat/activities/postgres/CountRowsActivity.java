package io.lifeboat.activities.postgres;

import io.temporal.activity.ActivityInterface;
import java.util.Map;

/** {@link RowCounts#countHeartbeating} as an activity, so tests run it as a worker does, heartbeats and all. */
@ActivityInterface
public interface CountRowsActivity {
  Map<String, Long> countRows(String database, String schema, String keyedAs, int connections);

  final class Impl implements CountRowsActivity {
    private final PostgresServer server;

    Impl(PostgresServer server) {
      this.server = server;
    }

    @Override
    public Map<String, Long> countRows(String database, String schema, String keyedAs, int connections) {
      return RowCounts.countHeartbeating(server, database, schema, keyedAs, connections);
    }
  }
}
