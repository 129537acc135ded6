package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.sources.BackupSelector;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.Source;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
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
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;

/**
 * A PostgreSQL database, backed up with {@code pg_dump} and restored beside the live database
 * first: the live one is renamed aside only once the restored copy has passed its checks, and
 * dropped only once the run has succeeded.
 */
public final class PostgresDatabaseSource implements Source {
  private final PostgresTargets targets;
  private final Catalog catalog;
  private final StoredBackups backups;
  private final PgDump dump;
  private final RenameIn renameIn;
  private final Destinations destinations;

  public PostgresDatabaseSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump) {
    this(targets, catalog, backups, dump, Destinations.NONE);
  }

  /** @param destinations the servers a restore may go to besides a target's own */
  public PostgresDatabaseSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump,
      Destinations destinations) {
    this(targets, catalog, backups, dump, Databases::rename, destinations);
  }

  PostgresDatabaseSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump,
      RenameIn renameIn) {
    this(targets, catalog, backups, dump, renameIn, Destinations.NONE);
  }

  private PostgresDatabaseSource(PostgresTargets targets, Catalog catalog, StoredBackups backups, PgDump dump,
      RenameIn renameIn, Destinations destinations) {
    this.targets = targets;
    this.catalog = catalog;
    this.backups = backups;
    this.dump = dump;
    this.renameIn = renameIn;
    this.destinations = destinations;
  }

  @Override
  public String targetKind() {
    return SourceKinds.POSTGRES;
  }

  @Override
  public Set<String> backupKinds() {
    return Set.of(SourceKinds.PG_DUMP, SourceKinds.PG_SAFETY);
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    return request.safety() ? dump.dump(request, database(request.safetyOf()), SourceKinds.PG_SAFETY)
        : dump.dump(request, null, SourceKinds.PG_DUMP);
  }

  /** "latest" and "before:" pick among the target's dumps; an id may name one of its safety backups too. */
  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    PostgresTarget declared = targets.get(source.target());
    return BackupSelector.resolve(catalog, source.target(), SourceKinds.PG_DUMP, backupKinds(), selector,
        declared.rpo(), declared.rto());
  }

  /**
   * Verifies the manifest signature, then streams every object through SHA-256, decryption
   * (integrity protected) and decompression into {@code pg_restore --list}.
   */
  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    SignedManifest backup = backups.manifest(backupId);
    Manifest manifest = backup.manifest();
    int entries = PgRestore.list(backups, backup);
    // Every further object (none for logical dumps today) is checked by streaming it to nowhere.
    for (Manifest.StoredObject object : manifest.objects().subList(1, manifest.objects().size())) {
      backups.read(backup, object, OutputStream.nullOutputStream(), bytes -> {});
    }
    return new IntegrityReport(manifest.target(), manifest.objects().size(), manifest.storedBytes(), entries,
        manifest.objects().size() + " objects, " + manifest.storedBytes() + " bytes, " + entries
            + " archive entries; signature valid");
  }

  @Override
  public DestinationState inspect(Destination destination) {
    String database = database(destination);
    PostgresServer server = server(destination);
    String name = "database " + database + " of target " + destination.target()
        + (destination.server() == null ? "" : " on " + server.host() + ":" + server.port());
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      if (!Databases.exists(maintenance, database)) {
        return new DestinationState(name, false, "does not exist", true);
      }
      long size = Databases.size(maintenance, database);
      try (Connection db = server.connect(database)) {
        int tables = RowCounts.tables(db);
        return new DestinationState(name, tables > 0, tables + " tables, " + size + " bytes", true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect database " + database + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    String staging = ScratchNames.staging(database(destination), runToken);
    SignedManifest backup = backups.manifest(backupId);
    PostgresServer server = server(destination);
    PostgresDestinations.refuseUnfit(backup.manifest(), server, database(destination));
    restoreInto(backup, server, staging);
    return new Staged(staging, "restored into " + staging);
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    SignedManifest backup = backups.manifest(backupId);
    return RowCounts.comparison(backup.manifest().rowCounts(),
        RowCounts.countHeartbeating(server(destination), staged.where(), null));
  }

  /**
   * Renames the live database aside (ending its sessions), then the staged one in, within moments:
   * a failed second rename puts the live one back. Between the two renames a session connecting by
   * name is refused (the database does not exist) and connects again after. Done when the
   * staged database is already gone and the destination exists.
   */
  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    String database = database(destination);
    String retired = ScratchNames.retired(database, runToken);
    String stagingDatabase = staged.where();
    // Renaming the live database aside waits for its sessions to end: beat meanwhile.
    try (Heartbeat heartbeat = Heartbeat.start("swap-" + database);
        Connection maintenance = server(destination).connect(PostgresServer.MAINTENANCE_DATABASE)) {
      if (!Databases.exists(maintenance, stagingDatabase)) {
        if (Databases.exists(maintenance, database)) {
          return committed(database, Databases.exists(maintenance, retired) ? retired : null); // an earlier attempt
        }
        if (Databases.exists(maintenance, retired)) {
          Databases.rename(maintenance, retired, database);
          throw ApplicationFailure.newNonRetryableFailure("the staged copy " + stagingDatabase + " is gone while "
              + database + " was set aside as " + retired + "; " + database + " was renamed back, unchanged. Run the"
              + " restore again", FailureTypes.BAD_REQUEST);
        }
        throw ApplicationFailure.newNonRetryableFailure("neither the staged copy " + stagingDatabase + " nor "
            + database + " exists; nothing was changed. Run the restore again", FailureTypes.BAD_REQUEST);
      }
      boolean setAside = Databases.exists(maintenance, retired);
      if (Databases.exists(maintenance, database)) {
        if (setAside) {
          throw ApplicationFailure.newNonRetryableFailure(retired + " holds what this restore set aside of " + database
              + ", and a database " + database + " was created since; nothing was changed. Compare them, keep the"
              + " right one under the name " + database + " (ALTER DATABASE ... RENAME TO), then run the restore"
              + " again", FailureTypes.BAD_REQUEST);
        }
        Databases.rename(maintenance, database, retired);
        setAside = true;
      } // else an earlier attempt set it aside (or there was none): the staged one goes in now
      try {
        renameIn.rename(maintenance, stagingDatabase, database);
      } catch (SQLException | RuntimeException failed) {
        if (Databases.exists(maintenance, retired) && !Databases.exists(maintenance, database)) {
          Databases.rename(maintenance, retired, database);
        }
        throw failed;
      }
      return committed(database, setAside ? retired : null);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot swap " + stagingDatabase + " in as " + database + ": "
          + e.getMessage(), e);
    }
  }

  private static Committed committed(String database, String retired) {
    return new Committed(retired, database + " now holds the restored data"
        + (retired == null ? "" : "; the database it replaced is kept as " + retired + " until the run has succeeded"));
  }

  /** The restored database is dropped and the one kept aside renamed back; with none kept, just dropped. */
  @Override
  public void rollback(Destination destination, Committed committed) {
    String database = database(destination);
    try (Heartbeat heartbeat = Heartbeat.start("swap-back-" + database);
        Connection maintenance = server(destination).connect(PostgresServer.MAINTENANCE_DATABASE)) {
      if (!committed.replaced()) {
        Databases.drop(maintenance, database);
        return;
      }
      if (!Databases.exists(maintenance, committed.keptAs())) {
        return; // already back
      }
      Databases.drop(maintenance, database);
      Databases.rename(maintenance, committed.keptAs(), database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot put " + committed.keptAs() + " back as " + database + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void discardStaged(Destination destination, String runToken) {
    drop(server(destination), ScratchNames.staging(database(destination), runToken));
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    if (committed.replaced()) {
      drop(server(destination), committed.keptAs());
    }
  }

  /** Restores into a scratch database, created afresh, compares row counts, and drops it whatever happens. */
  @Override
  public TestRestoreReport testRestore(String backupId) {
    SignedManifest backup = backups.manifest(backupId);
    PostgresServer server = targets.get(backup.manifest().target()).server();
    String scratch = ScratchNames.forVerification(backupId);
    try {
      restoreInto(backup, server, scratch);
      Map<String, Long> actual = RowCounts.countHeartbeating(server, scratch, backup.manifest().schema());
      long rows = actual.values().stream().mapToLong(Long::longValue).sum();
      Comparison comparison = RowCounts.comparison(backup.manifest().rowCounts(), actual);
      return new TestRestoreReport(comparison, comparison.compared() + " tables, " + rows + " rows compared in "
          + scratch + ", which is dropped");
    } finally {
      drop(server, scratch);
    }
  }

  private void restoreInto(SignedManifest backup, PostgresServer server, String database) {
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      Databases.recreate(maintenance, database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database + ": " + e.getMessage(), e);
    }
    PgRestore.into(backups, backup, server, database);
  }

  private static void drop(PostgresServer server, String database) {
    try (Heartbeat heartbeat = Heartbeat.start("drop-" + database);
        Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      Databases.drop(maintenance, database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop database " + database + ": " + e.getMessage(), e);
    }
  }

  /** The server a destination names: the target's own, a declared destination, or {@code host:port}. */
  PostgresServer server(Destination destination) {
    return PostgresDestinations.server(destinations, targets.get(destination.target()).server(), destination);
  }

  /** The database a destination names; the target's own when it names none. */
  private String database(Destination destination) {
    return destination.place() == null || destination.place().isBlank()
        ? targets.get(destination.target()).database() : destination.place();
  }

  /** The second rename of a swap; a seam so a test can make it fail between the two renames. */
  interface RenameIn {
    void rename(Connection maintenance, String stagingDatabase, String database) throws SQLException;
  }
}
