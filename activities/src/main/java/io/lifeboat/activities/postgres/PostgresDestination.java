package io.lifeboat.activities.postgres;

import io.lifeboat.activities.sources.DeclaredDestination;
import io.lifeboat.workflows.sources.SourceKinds;

/** A PostgreSQL server declared under {@code destinations:}, with its own credentials. */
public record PostgresDestination(PostgresServer server) implements DeclaredDestination {
  @Override
  public String kind() {
    return SourceKinds.POSTGRES;
  }
}
