package io.lifeboat.workflows.sources;

import io.lifeboat.workflows.backup.PostgresDumpActivities;
import io.lifeboat.workflows.cluster.ClusterActivities;

/**
 * The target kinds of the configuration and the storage kinds of their backups. Workflows switch
 * on them; the configuration's {@code kind} values and the storage layout use the same strings.
 */
public final class SourceKinds {
  /** Target kind of a PostgreSQL database (backups of kind {@code pg-dump}). */
  public static final String POSTGRES = "postgres";
  /** Target and backup kind of a set of directories. */
  public static final String FILES = "files";
  /** Target and backup kind of a configuration tree: a file set with secrets left out, validated before restores. */
  public static final String CONFIG = "config";
  /** Target and backup kind of a Redis server (its RDB snapshot). */
  public static final String REDIS = "redis";
  /** Target kind of a whole PostgreSQL cluster (base backups of kind {@code pg-base}, WAL archive, PITR). */
  public static final String POSTGRES_CLUSTER = "postgres-cluster";

  private SourceKinds() {}

  /** The storage kind of a full backup of a target of {@code targetKind}. */
  public static String backupKindOf(String targetKind) {
    return switch (targetKind) {
      case POSTGRES -> PostgresDumpActivities.KIND;
      case POSTGRES_CLUSTER -> ClusterActivities.BASE_KIND;
      default -> targetKind;
    };
  }
}
