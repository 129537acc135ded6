package io.lifeboat.workflows.sources;

/**
 * The target kinds of the configuration and the storage kinds of their backups; the
 * configuration's {@code kind} values and the storage layout use the same strings. Workflows never
 * switch on them: the worker finds a target's or a backup's source through them.
 */
public final class SourceKinds {
  /** Target kind of a PostgreSQL database (backups of kind {@link #PG_DUMP}). */
  public static final String POSTGRES = "postgres";
  /** Target and backup kind of a set of directories. */
  public static final String FILES = "files";
  /** Target and backup kind of a configuration tree: a file set with secrets left out, validated before restores. */
  public static final String CONFIG = "config";
  /** Target and backup kind of a Redis server (its RDB snapshot). */
  public static final String REDIS = "redis";
  /** Target kind of a whole PostgreSQL cluster (base backups of kind {@link #PG_BASE}, WAL archive, PITR). */
  public static final String POSTGRES_CLUSTER = "postgres-cluster";
  /** Target and backup kind of an etcd cluster (a Maintenance-API snapshot). */
  public static final String ETCD = "etcd";

  /** Target and backup kind of Kubernetes namespaces (their objects in declarative form, Helm history). */
  public static final String KUBERNETES = "kubernetes";

  /** Backups of a PostgreSQL target's own database. */
  public static final String PG_DUMP = "pg-dump";
  /** Safety backups taken before a restore overwrites a database; never picked as "latest". */
  public static final String PG_SAFETY = "pg-safety";
  /** Backups of one schema of a target's database (a tenant's); the manifest names the schema. */
  public static final String PG_SCHEMA = "pg-schema";
  /** Safety backups of a schema taken before a tenant restore replaces it; never picked as "latest". */
  public static final String PG_SCHEMA_SAFETY = "pg-schema-safety";
  /** Base backups of a PostgreSQL cluster. */
  public static final String PG_BASE = "pg-base";

  private SourceKinds() {}
}
