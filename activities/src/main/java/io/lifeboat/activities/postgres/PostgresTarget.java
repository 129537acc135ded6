package io.lifeboat.activities.postgres;

import io.lifeboat.config.DatabaseSelection;
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

  /** Whether it backs up several databases of its server in one backup. */
  public boolean severalDatabases() {
    return databases != null;
  }
}
