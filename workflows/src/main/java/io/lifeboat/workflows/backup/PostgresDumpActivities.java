package io.lifeboat.workflows.backup;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;

/** pg_dump of a target streamed through the artifact pipeline into storage. */
@ActivityInterface
public interface PostgresDumpActivities {
  /** Backups of a target's own database. */
  String KIND = "pg-dump";
  /** Safety backups taken before a restore overwrites a database; never picked as "latest". */
  String SAFETY_KIND = "pg-safety";
  /** Backups of one schema of a target's database (a tenant's); the manifest names the schema. */
  String SCHEMA_KIND = "pg-schema";
  /** Safety backups of a schema taken before a tenant restore replaces it; never picked as "latest". */
  String SCHEMA_SAFETY_KIND = "pg-schema-safety";

  /**
   * Dumps a database of a target as one backup and writes its signed manifest. Idempotent: when
   * the backup's manifest already exists, it is returned as it is.
   */
  @ActivityMethod(name = "dumpToStorage")
  DumpResult dumpToStorage(DumpRequest request);

  /**
   * {@code database} null means the target's own database; {@code schema} null means all of it,
   * else only that schema ({@code pg_dump --schema}).
   */
  record DumpRequest(
      String target, String database, String backupId, String kind, String workflowId, String runId, String schema) {

    /** A dump of a whole database. */
    public DumpRequest(String target, String database, String backupId, String kind, String workflowId, String runId) {
      this(target, database, backupId, kind, workflowId, runId, null);
    }
  }

  /** A finished dump: where it is and what it holds. */
  record DumpResult(
      String backupId,
      String manifestKey,
      Instant recoveryPoint,
      long rawBytes,
      long storedBytes,
      int tables) {}
}
