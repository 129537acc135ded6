package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.workflows.backup.PostgresDumpActivities;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.restore.RestoreActivities;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Restoring PostgreSQL dumps: beside the live database first, swapped in only when checked. */
public class PostgresRestoreActivitiesImpl implements RestoreActivities {
  private static final String BEFORE = "before:";

  private final PostgresTargets targets;
  private final Catalog catalog;
  private final StoredBackups backups;
  private final RenameIn swap;

  public PostgresRestoreActivitiesImpl(PostgresTargets targets, Catalog catalog, StoredBackups backups) {
    this(targets, catalog, backups, (maintenance, staging, database) -> Databases.rename(maintenance, staging, database));
  }

  PostgresRestoreActivitiesImpl(PostgresTargets targets, Catalog catalog, StoredBackups backups, RenameIn swap) {
    this.targets = targets;
    this.catalog = catalog;
    this.backups = backups;
    this.swap = swap;
  }

  @Override
  public ResolvedBackup resolveBackup(String target, String selector) {
    PostgresTarget declared = targets.get(target);
    String wanted = selector == null || selector.isBlank() ? "latest" : selector.strip();
    Optional<BackupEntry> found;
    if (wanted.equals("latest")) {
      found = catalog.latestBackup(target, PostgresDumpActivities.KIND);
    } else if (wanted.startsWith(BEFORE)) {
      found = catalog.latestBackupBefore(target, PostgresDumpActivities.KIND, parseInstant(wanted));
    } else {
      found = catalog.findBackup(wanted).filter(b -> b.target().equals(target));
    }
    BackupEntry backup = found.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "no backup of target " + target + " matches '" + wanted + "'; `lifeboat backups` lists them",
        FailureTypes.BACKUP_NOT_FOUND));
    return new ResolvedBackup(backup.backupId(), target, backup.recoveryPoint(),
        declared.rpo().toMillis(), declared.rto().toMillis());
  }

  @Override
  public DatabaseState inspectDatabase(String target, String database) {
    PostgresServer server = targets.get(target).server();
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      if (!Databases.exists(maintenance, database)) {
        return new DatabaseState(false, 0, 0);
      }
      long size = Databases.size(maintenance, database);
      try (Connection db = server.connect(database)) {
        return new DatabaseState(true, RowCounts.tables(db), size);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot inspect database " + database + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void restoreInto(String backupId, String target, String stagingDatabase) {
    SignedManifest backup = backups.manifest(backupId);
    PostgresServer server = targets.get(target).server();
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      Databases.recreate(maintenance, stagingDatabase);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create staging database " + stagingDatabase + ": " + e.getMessage(), e);
    }
    PgRestore.into(backups, backup, server, stagingDatabase);
  }

  @Override
  public List<String> compareRowCounts(String backupId, String target, String database) {
    SignedManifest backup = backups.manifest(backupId);
    return RowCounts.differences(backup.manifest().rowCounts(),
        RowCounts.countHeartbeating(targets.get(target).server(), database, null));
  }

  @Override
  public boolean swapIn(String target, String stagingDatabase, String database, String retiredDatabase) {
    PostgresServer server = targets.get(target).server();
    // Renaming the live database aside waits for its sessions to end: beat meanwhile.
    try (Heartbeat heartbeat = Heartbeat.start("swap-" + database);
        Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      if (!Databases.exists(maintenance, stagingDatabase)) {
        if (Databases.exists(maintenance, database)) {
          return Databases.exists(maintenance, retiredDatabase); // swapped by an earlier attempt
        }
        throw ApplicationFailure.newNonRetryableFailure("neither " + stagingDatabase + " nor " + database
            + " exists; run the restore again", FailureTypes.BAD_REQUEST);
      }
      boolean setAside = Databases.exists(maintenance, retiredDatabase);
      if (Databases.exists(maintenance, database)) {
        if (setAside) {
          throw ApplicationFailure.newNonRetryableFailure(retiredDatabase + " already holds a database set aside by an"
              + " earlier restore of " + database + "; drop it or rename it, then run the restore again",
              FailureTypes.BAD_REQUEST);
        }
        Databases.rename(maintenance, database, retiredDatabase);
        setAside = true;
      } // else an earlier attempt set it aside (or there was none): the staging one goes in now
      try {
        swap.renameIn(maintenance, stagingDatabase, database);
      } catch (SQLException | RuntimeException failed) {
        if (Databases.exists(maintenance, retiredDatabase) && !Databases.exists(maintenance, database)) {
          Databases.rename(maintenance, retiredDatabase, database);
        }
        throw failed;
      }
      return setAside;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot swap " + stagingDatabase + " in as " + database + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void swapBack(String target, String database, String retiredDatabase) {
    PostgresServer server = targets.get(target).server();
    try (Heartbeat heartbeat = Heartbeat.start("swap-back-" + database);
        Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      if (!Databases.exists(maintenance, retiredDatabase)) {
        return; // never set aside, or already back
      }
      Databases.drop(maintenance, database);
      Databases.rename(maintenance, retiredDatabase, database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot put " + retiredDatabase + " back as " + database + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void dropRetired(String target, String retiredDatabase) {
    try (Heartbeat heartbeat = Heartbeat.start("drop-" + retiredDatabase);
        Connection maintenance = targets.get(target).server().connect(PostgresServer.MAINTENANCE_DATABASE)) {
      Databases.drop(maintenance, retiredDatabase);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop " + retiredDatabase + ": " + e.getMessage(), e);
    }
  }

  /** The second rename of a swap; a seam so a test can make it fail between the two renames. */
  interface RenameIn {
    void renameIn(Connection maintenance, String stagingDatabase, String database) throws SQLException;
  }

  private static Instant parseInstant(String selector) {
    String text = selector.substring(BEFORE.length()).strip();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ApplicationFailure.newNonRetryableFailure("'" + text + "' is not an ISO-8601 instant; write e.g. "
          + "before:2026-11-22T03:00:00Z", FailureTypes.BAD_REQUEST);
    }
  }
}
