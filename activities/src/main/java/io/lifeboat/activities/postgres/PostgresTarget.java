package io.lifeboat.activities.postgres;

import io.lifeboat.config.DatabaseSelection;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * A declared PostgreSQL target: its server, its own database — or the several databases of the
 * server it backs up together — and its recovery objectives.
 *
 * @param database null when {@code databases} is set
 * @param databases null for a target of one database
 */
public record PostgresTarget(String name, PostgresServer server, String database, DatabaseSelection databases,
    Duration rpo, Duration rto) {

  /** A target of one database. */
  public PostgresTarget(String name, PostgresServer server, String database, Duration rpo, Duration rto) {
    this(name, server, database, null, rpo, rto);
  }

  /** The database its tenant schemas are in; refused for a target of several databases, which has none. */
  public String tenantDatabase() {
    if (severalDatabases()) {
      throw ApplicationFailure.newNonRetryableFailure("target " + name + " backs up several databases (databases:),"
          + " which have no tenant schemas; declare a target of the one database that holds them (database: <name>)"
          + " and back up or restore its schemas through that one", FailureTypes.BAD_REQUEST);
    }
    return database;
  }

  /** Whether it backs up several databases of its server in one backup. */
  public boolean severalDatabases() {
    return databases != null;
  }
}
