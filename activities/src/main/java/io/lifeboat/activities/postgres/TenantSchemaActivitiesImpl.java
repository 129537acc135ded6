package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.workflows.backup.PostgresDumpActivities;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.restore.RestoreActivities.ResolvedBackup;
import io.lifeboat.workflows.tenants.TenantSchemaActivities;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tenants as schemas of a target's own database. A schema is restored beside the live one and
 * swapped in by two renames in one transaction, after locking the live schema's tables: no
 * transaction ever sees half of a tenant, and no other schema is touched.
 */
public class TenantSchemaActivitiesImpl implements TenantSchemaActivities {
  private static final String BEFORE = "before:";
  /** How long the swap waits for sessions to release the tenant's tables before refusing. */
  private static final String LOCK_TIMEOUT = "5s";
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final PostgresTargets targets;
  private final Catalog catalog;
  private final StoredBackups backups;

  public TenantSchemaActivitiesImpl(PostgresTargets targets, Catalog catalog, StoredBackups backups) {
    this.targets = targets;
    this.catalog = catalog;
    this.backups = backups;
  }

  @Override
  public List<String> matchingSchemas(String target, String pattern) {
    PostgresTarget declared = targets.get(target);
    try (Connection db = declared.server().connect(declared.database())) {
      List<String> schemas = Schemas.matching(db, Schemas.likePattern(pattern));
      if (schemas.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("no schema of database " + declared.database()
            + " of target " + target + " matches '" + pattern + "'; its schemas: " + String.join(", ", Schemas.all(db))
            + " — use * for any characters, e.g. 'tenant_*'", FailureTypes.UNKNOWN_SCHEMA);
      }
      return schemas;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the schemas of " + declared.database() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ResolvedBackup resolveSchemaBackup(String target, String schema, String selector) {
    PostgresTarget declared = targets.get(target);
    String wanted = selector == null || selector.isBlank() ? "latest" : selector.strip();
    String kind = PostgresDumpActivities.SCHEMA_KIND;
    Optional<BackupEntry> found;
    if (wanted.equals("latest")) {
      found = catalog.latestSchemaBackup(target, kind, schema);
    } else if (wanted.startsWith(BEFORE)) {
      found = catalog.latestSchemaBackupBefore(target, kind, schema, instant(wanted.substring(BEFORE.length())));
    } else {
      found = catalog.findBackup(wanted)
          .filter(b -> b.target().equals(target) && schema.equals(b.schema()) && b.kind().startsWith(kind));
    }
    BackupEntry backup = found.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "no backup of schema " + schema + " of target " + target + " matches '" + wanted + "'; `lifeboat backups"
            + " --target " + target + " --schema " + schema + "` lists them, `lifeboat backup " + target + " --schema "
            + schema + "` takes one", FailureTypes.BACKUP_NOT_FOUND));
    return new ResolvedBackup(backup.backupId(), target, backup.recoveryPoint(),
        declared.rpo().toMillis(), declared.rto().toMillis());
  }

  @Override
  public SchemaState inspectSchema(String target, String schema) {
    PostgresTarget declared = targets.get(target);
    try (Connection db = declared.server().connect(declared.database())) {
      if (!Schemas.exists(db, schema)) {
        return new SchemaState(false, 0, 0);
      }
      List<String> dependents = Schemas.dependents(db, schema);
      if (!dependents.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("objects of other schemas depend on schema " + schema
            + " of target " + target + " (" + String.join("; ", dependents) + "); a swap would leave them on the old"
            + " copy, so nothing was changed. Restore the whole database instead, or drop those objects first",
            FailureTypes.BAD_REQUEST);
      }
      return new SchemaState(true, Schemas.tables(db, schema).size(), Schemas.size(db, schema));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect schema " + schema + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void restoreSchemaBeside(String backupId, String target, String stagingSchema) {
    SignedManifest backup = backups.manifest(backupId);
    String schema = backup.manifest().schema();
    if (schema == null) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " holds a whole database, not one"
          + " schema; restore it into a database (no schema)", FailureTypes.BAD_REQUEST);
    }
    PostgresTarget declared = targets.get(target);
    PostgresServer server = declared.server();
    String scratch = scratchDatabase(backupId);
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      Databases.recreate(maintenance, scratch);
      try {
        // The dump can only recreate its own schema: there, in the scratch database, it is renamed.
        PgRestore.into(backups, backup, server, scratch);
        try (Connection db = server.connect(scratch)) {
          Schemas.rename(db, schema, stagingSchema);
        }
        try (Connection live = server.connect(declared.database())) {
          Schemas.drop(live, stagingSchema);
        }
        SchemaCopy.copy(server, scratch, stagingSchema, declared.database());
      } finally {
        Databases.drop(maintenance, scratch);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot restore schema " + schema + " as " + stagingSchema + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public List<String> compareSchemaRowCounts(String backupId, String target, String schema) {
    SignedManifest backup = backups.manifest(backupId);
    PostgresTarget declared = targets.get(target);
    try (Connection db = declared.server().connect(declared.database())) {
      return RowCounts.differences(backup.manifest().rowCounts(),
          RowCounts.countSchema(db, schema, backup.manifest().schema()));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count rows in schema " + schema + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void swapSchemaIn(String backupId, String target, String schema, String stagingSchema,
      String retiredSchema) {
    SignedManifest backup = backups.manifest(backupId);
    PostgresTarget declared = targets.get(target);
    try (Connection db = declared.server().connect(declared.database())) {
      db.setAutoCommit(false);
      if (!Schemas.exists(db, stagingSchema)) {
        if (Schemas.exists(db, schema)) {
          return; // swapped by an earlier attempt
        }
        throw ApplicationFailure.newNonRetryableFailure("neither " + stagingSchema + " nor " + schema
            + " exists; run the restore again", FailureTypes.BAD_REQUEST);
      }
      if (retiredSchema != null) {
        lockTables(db, target, schema);
        Schemas.rename(db, schema, retiredSchema);
      }
      Schemas.rename(db, stagingSchema, schema);
      List<String> differences = RowCounts.differences(backup.manifest().rowCounts(),
          RowCounts.countSchema(db, schema, backup.manifest().schema()));
      if (!differences.isEmpty()) {
        db.rollback();
        throw ApplicationFailure.newNonRetryableFailure("schema " + stagingSchema + " differs from backup " + backupId
            + " once renamed to " + schema + " (" + String.join("; ", differences) + "); the swap was rolled back,"
            + " nothing was changed", FailureTypes.VERIFICATION_MISMATCH);
      }
      db.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot swap " + stagingSchema + " in as " + schema + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void swapSchemaBack(String target, String schema, String retiredSchema) {
    PostgresTarget declared = targets.get(target);
    try (Connection db = declared.server().connect(declared.database())) {
      db.setAutoCommit(false);
      if (retiredSchema != null && !Schemas.exists(db, retiredSchema)) {
        return; // swapped back by an earlier attempt
      }
      lockTables(db, target, schema);
      Schemas.drop(db, schema);
      if (retiredSchema != null) {
        Schemas.rename(db, retiredSchema, schema);
      }
      db.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot swap " + retiredSchema + " back in as " + schema + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void dropSchema(String target, String schema) {
    PostgresTarget declared = targets.get(target);
    try (Connection db = declared.server().connect(declared.database())) {
      Schemas.execute(db, "SET lock_timeout = '" + LOCK_TIMEOUT + "'");
      Schemas.drop(db, schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema + ": " + e.getMessage(), e);
    }
  }

  /**
   * Takes the schema's tables for the rest of the transaction, so no transaction straddles the
   * swap; refuses, naming the sessions, when they are still held after the lock timeout.
   */
  private static void lockTables(Connection db, String target, String schema) throws SQLException {
    List<String> tables = Schemas.tables(db, schema);
    if (tables.isEmpty()) {
      return;
    }
    Schemas.execute(db, "SET LOCAL lock_timeout = '" + LOCK_TIMEOUT + "'");
    try {
      Schemas.execute(db, "LOCK TABLE " + String.join(", ", tables) + " IN ACCESS EXCLUSIVE MODE");
    } catch (SQLException e) {
      if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        throw e;
      }
      db.rollback();
      List<String> holders = Schemas.holders(db, schema);
      throw ApplicationFailure.newNonRetryableFailure("schema " + schema + " of target " + target + " is in use: "
          + (holders.isEmpty() ? "sessions" : String.join(", ", holders)) + " held its tables for " + LOCK_TIMEOUT
          + "; nothing was changed. Let those transactions finish (or end them with pg_terminate_backend) and"
          + " restore again", FailureTypes.SCHEMA_IN_USE);
    }
  }

  /** A scratch database per backup, so a retried restore starts again from the same name. */
  private static String scratchDatabase(String backupId) {
    String name = "lifeboat_tenant_" + backupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    return name.length() <= 63 ? name : name.substring(0, 63);
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ApplicationFailure.newNonRetryableFailure("'" + text + "' is not an ISO-8601 instant; write e.g. "
          + "before:2026-11-22T03:00:00Z", FailureTypes.BAD_REQUEST);
    }
  }
}
