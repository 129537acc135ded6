package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.sources.BackupSelector;
import io.lifeboat.activities.sources.Source;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One tenant: a schema of a PostgreSQL target's own database, backed up with {@code pg_dump
 * --schema}. It is restored beside the live schema and swapped in by two renames in one
 * transaction, after locking the live schema's tables and checking the row counts again before
 * committing: no transaction ever sees half of a tenant, and no other schema is touched.
 */
public final class TenantSchemaSource implements Source {
  /** How long the swap waits for sessions to release the tenant's tables before refusing. */
  private static final String LOCK_TIMEOUT = "5s";
  private static final String LOCK_NOT_AVAILABLE = "55P03";

  private final PostgresTargets targets;
  private final Catalog catalog;
  private final StoredBackups backups;
  private final PgDump dump;
  private final PostgresDatabaseSource databases;

  public TenantSchemaSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump,
      PostgresDatabaseSource databases) {
    this.targets = targets;
    this.catalog = catalog;
    this.backups = backups;
    this.dump = dump;
    this.databases = databases;
  }

  @Override
  public String targetKind() {
    return SourceKinds.POSTGRES;
  }

  @Override
  public boolean perSchema() {
    return true;
  }

  @Override
  public Set<String> backupKinds() {
    return Set.of(SourceKinds.PG_SCHEMA, SourceKinds.PG_SCHEMA_SAFETY);
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    if (!request.safety()) {
      return dump.dump(request, null, SourceKinds.PG_SCHEMA);
    }
    Place place = place(request.safetyOf()); // what the restore is about to replace, wherever it is
    return dump.dump(request, place.server(), place.database(), SourceKinds.PG_SCHEMA_SAFETY);
  }

  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    String target = source.target();
    String schema = source.schema();
    PostgresTarget declared = targets.get(target);
    String kind = SourceKinds.PG_SCHEMA;
    BackupEntry backup = BackupSelector.find(selector, new BackupSelector.Lookup() {
      @Override
      public Optional<BackupEntry> latest() {
        return catalog.latestSchemaBackup(target, kind, schema);
      }

      @Override
      public Optional<BackupEntry> before(Instant instant) {
        return catalog.latestSchemaBackupBefore(target, kind, schema, instant);
      }

      @Override
      public Optional<BackupEntry> byId(String backupId) {
        return catalog.findBackup(backupId)
            .filter(b -> b.target().equals(target) && schema.equals(b.schema()) && b.kind().startsWith(kind));
      }
    }, wanted -> "no backup of schema " + schema + " of target " + target + " matches '" + wanted + "'; `lifeboat"
        + " backups --target " + target + " --schema " + schema + "` lists them, `lifeboat backup " + target
        + " --schema " + schema + "` takes one");
    return new ResolvedBackup(backup.backupId(), target, backup.recoveryPoint(),
        declared.rpo().toMillis(), declared.rto().toMillis());
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    return databases.checkIntegrity(backupId);
  }

  /**
   * Refuses a schema that objects of other schemas depend on (views, foreign keys), which a swap
   * would leave on the old copy.
   */
  @Override
  public DestinationState inspect(Destination destination) {
    String target = destination.target();
    String schema = destination.source().schema();
    Place place = place(destination);
    String name = "schema " + schema + " of " + place.describe(target);
    try (Connection maintenance = place.server().connect(PostgresServer.MAINTENANCE_DATABASE)) {
      if (!Databases.exists(maintenance, place.database())) {
        throw ApplicationFailure.newNonRetryableFailure("database " + place.database() + " does not exist on "
            + place.server().host() + ":" + place.server().port() + "; nothing was changed. Create it (CREATE"
            + " DATABASE), or restore the whole database there first", FailureTypes.BAD_REQUEST);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect database " + place.database() + ": " + e.getMessage(), e);
    }
    try (Connection db = place.connect()) {
      if (!Schemas.exists(db, schema)) {
        return new DestinationState(name, false, "does not exist", true);
      }
      List<String> dependents = Schemas.dependents(db, schema);
      if (!dependents.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("objects of other schemas depend on schema " + schema
            + " of " + place.describe(target) + " (" + String.join("; ", dependents) + "); a swap would leave them"
            + " on the old copy, so nothing was changed. Restore the whole database instead, or drop those objects"
            + " first", FailureTypes.BAD_REQUEST);
      }
      int tables = Schemas.tables(db, schema).size();
      return new DestinationState(name, tables > 0, tables + " tables, " + Schemas.size(db, schema) + " bytes", true);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect schema " + schema + ": " + e.getMessage(), e);
    }
  }

  /**
   * A dump of schema S can only recreate S, so it is restored into a scratch database, renamed
   * there, and copied over with pg_dump | pg_restore; the scratch database is dropped afterwards.
   */
  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    String stagingSchema = ScratchNames.staging(destination.source().schema(), runToken);
    String target = destination.target();
    SignedManifest backup = backups.manifest(backupId);
    String schema = backup.manifest().schema();
    if (schema == null) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " holds a whole database, not one"
          + " schema; restore it into a database (no schema)", FailureTypes.BAD_REQUEST);
    }
    Place place = place(destination);
    PostgresServer server = place.server();
    PostgresDestinations.refuseUnfit(backup.manifest(), server, place.database());
    String scratch = scratchDatabase(backupId);
    // the roles the schema's objects need first, as a whole database's restore creates them (or refuses)
    String restored = databases.restoreWithRoles(backup, server, scratch, destination.skipRoles(),
        destination.noOwner(), runToken, place.describe(target));
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      try {
        // The dump can only recreate its own schema: there, in the scratch database, it is renamed.
        try (Connection db = server.connect(scratch)) {
          Schemas.rename(db, schema, stagingSchema);
        }
        try (Connection live = place.connect()) {
          Schemas.drop(live, stagingSchema);
        }
        SchemaCopy.copy(server, scratch, stagingSchema, place.database());
      } finally {
        Databases.drop(maintenance, scratch);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot restore schema " + schema + " as " + stagingSchema + ": "
          + e.getMessage(), e);
    }
    return new Staged(stagingSchema, "restored as " + stagingSchema + restored);
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    SignedManifest backup = backups.manifest(backupId);
    Place place = place(destination);
    return RowCounts.comparison(backup.manifest().rowCounts(), RowCounts.countHeartbeating(place.server(),
        place.database(), staged.where(), backup.manifest().schema(), RowCounts.DEFAULT_CONNECTIONS));
  }

  /**
   * In one transaction: locks the live schema's tables (refusing, non-retryable, when sessions
   * hold them), renames it aside and the staged one in, and compares the row counts of the schema
   * it now names with the backup's before committing: a difference rolls it all back. Done when
   * the staged schema is gone and the schema exists.
   */
  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    String target = destination.target();
    String schema = destination.source().schema();
    String stagingSchema = staged.where();
    String candidate = ScratchNames.retired(schema, runToken);
    String retiredSchema;
    Place place = place(destination);
    try (Connection db = place.connect()) {
      if (!Schemas.exists(db, stagingSchema) && Schemas.exists(db, schema)) {
        return committed(schema, Schemas.exists(db, candidate) ? candidate : null); // an earlier attempt
      }
      retiredSchema = Schemas.exists(db, schema) ? candidate : null;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect schema " + schema + ": " + e.getMessage(), e);
    }
    SignedManifest backup = backups.manifest(backupId);
    try (Connection db = place.connect()) {
      db.setAutoCommit(false);
      if (!Schemas.exists(db, stagingSchema)) {
        if (Schemas.exists(db, schema)) {
          return committed(schema, Schemas.exists(db, candidate) ? candidate : null); // an earlier attempt
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
    return committed(schema, retiredSchema);
  }

  private static Committed committed(String schema, String retired) {
    return new Committed(retired, schema + " now holds the restored data, row counts checked before committing"
        + (retired == null ? "" : "; the old one is kept as " + retired + " until the run has succeeded"));
  }

  /**
   * The restored schema is dropped and the one kept aside renamed back, in one transaction; with
   * none kept (there was none before), the restored one is dropped.
   */
  @Override
  public void rollback(Destination destination, Committed committed) {
    String target = destination.target();
    String schema = destination.source().schema();
    String retiredSchema = committed.keptAs();
    try (Connection db = place(destination).connect()) {
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
  public void discardStaged(Destination destination, String runToken) {
    Place place = place(destination);
    dropSchema(place, ScratchNames.staging(destination.source().schema(), runToken));
    PostgresDatabaseSource.dropRoles(place.server(), runToken);
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    if (committed.replaced()) {
      dropSchema(place(destination), committed.keptAs());
    }
  }

  /** A schema dump restores into a scratch database as a whole dump does. */
  @Override
  public TestRestoreReport testRestore(String backupId) {
    return databases.testRestore(backupId);
  }

  /** Drops a schema Lifeboat made (staging, retired) with everything in it; done when it is gone. */
  private static void dropSchema(Place place, String schema) {
    try (Connection db = place.connect()) {
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

  /**
   * The database a tenant's schema is restored into: the target's own on its own server unless the
   * destination names another database ({@code place}) or server ({@code server}).
   */
  private Place place(Destination destination) {
    PostgresTarget declared = targets.get(destination.target());
    String database = destination.place() == null || destination.place().isBlank() ? declared.tenantDatabase()
        : destination.place();
    return new Place(databases.server(destination), database, destination.server() != null
        || !database.equals(declared.database()));
  }

  /** A database on a server; {@code elsewhere}: not the target's own database. */
  private record Place(PostgresServer server, String database, boolean elsewhere) {
    Connection connect() {
      return server.connect(database);
    }

    /** How messages name it: "target shop", or "database shop_dr on db2:5432". */
    String describe(String target) {
      return elsewhere ? "database " + database + " on " + server.host() + ":" + server.port() + " (target "
          + target + ")" : "target " + target;
    }
  }

  /** A scratch database per backup, so a retried restore starts again from the same name. */
  private static String scratchDatabase(String backupId) {
    String name = "lifeboat_tenant_" + backupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    return name.length() <= 63 ? name : name.substring(0, 63);
  }
}
