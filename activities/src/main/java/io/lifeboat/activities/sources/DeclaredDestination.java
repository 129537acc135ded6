package io.lifeboat.activities.sources;

/**
 * A destination declared under {@code destinations:} in the configuration, as the source of its
 * kind reaches it (a PostgreSQL server with its credentials, a Redis server, a directory).
 */
public interface DeclaredDestination {
  /** The target kind it receives ({@code postgres}, {@code redis}, {@code files}, {@code config}). */
  String kind();
}
