package io.lifeboat.workflows.tenants;

import io.lifeboat.workflows.restore.RestoreActivities.ResolvedBackup;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Tenants as schemas of a PostgreSQL target's own database: which there are, and restoring one
 * beside the live schema, then swapping it in, without touching any other schema. Each step is
 * idempotent.
 */
@ActivityInterface
public interface TenantSchemaActivities {
  /**
   * The schemas of the target's database whose names match a glob ({@code *} any characters,
   * {@code ?} one), sorted; Lifeboat's own staging and retired schemas are never listed. Fails
   * (non-retryable) when none matches, naming the schemas there are.
   */
  List<String> matchingSchemas(String target, String pattern);

  /** Finds the schema backup meant by a selector ("latest", an id, "before:&lt;instant&gt;") of one tenant. */
  ResolvedBackup resolveSchemaBackup(String target, String schema, String selector);

  /**
   * Whether the schema exists and what it holds. Refuses (non-retryable) a schema that objects of
   * other schemas depend on (views, foreign keys), which a swap would leave on the old copy.
   */
  SchemaState inspectSchema(String target, String schema);

  /**
   * Restores a schema backup as {@code stagingSchema} in the target's database, created afresh.
   * A dump of schema S can only recreate S, so it is restored into a scratch database, renamed
   * there, and copied over with pg_dump | pg_restore; the scratch database is dropped afterwards.
   */
  void restoreSchemaBeside(String backupId, String target, String stagingSchema);

  /** Compares the row counts of {@code schema} with those the backup recorded for its own schema. */
  List<String> compareSchemaRowCounts(String backupId, String target, String schema);

  /**
   * In one transaction: locks the live schema's tables (refusing, non-retryable, when sessions
   * hold them), renames {@code schema} to {@code retiredSchema} (when it exists; null when it
   * does not) and {@code stagingSchema} to {@code schema}, and compares the row counts of the
   * schema it now names with the backup's before committing: a difference rolls it all back
   * (non-retryable). No session sees the new schema before it was checked. Done when the staging
   * schema is gone and the schema exists.
   */
  void swapSchemaIn(String backupId, String target, String schema, String stagingSchema, String retiredSchema);

  /**
   * Undoes {@link #swapSchemaIn} when a later step of a runbook fails: the restored schema is
   * dropped and {@code retiredSchema} renamed back to {@code schema}, in one transaction. With no
   * retired schema (there was none before), the restored one is dropped.
   */
  void swapSchemaBack(String target, String schema, String retiredSchema);

  /** Drops a schema Lifeboat made (staging, retired) with everything in it; done when it is gone. */
  void dropSchema(String target, String schema);

  /**
   * @param exists whether the schema exists in the target's database
   * @param tables its tables
   * @param sizeBytes the total size of its tables and their indexes
   */
  record SchemaState(boolean exists, int tables, long sizeBytes) {
    public boolean empty() {
      return !exists || tables == 0;
    }
  }
}
