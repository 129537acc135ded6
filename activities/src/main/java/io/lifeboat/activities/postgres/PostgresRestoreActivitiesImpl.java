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

  public PostgresRestoreActivitiesImpl(PostgresTargets targets, Catalog catalog, StoredBackups backups) {
    this.targets = targets;
    this.catalog = catalog;
    this.backups = backups;
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
  public void swapIn(String target, String stagingDatabase, String database) {
    PostgresServer server = targets.get(target).server();
    // Dropping the live database waits for its sessions to end: beat meanwhile.
    try (Heartbeat heartbeat = Heartbeat.start("swap-" + database);
        Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      if (!Databases.exists(maintenance, stagingDatabase)) {
        if (Databases.exists(maintenance, database)) {
          return; // swapped by an earlier attempt
        }
        throw ApplicationFailure.newNonRetryableFailure("neither " + stagingDatabase + " nor " + database
            + " exists; run the restore again", FailureTypes.BAD_REQUEST);
      }
      Databases.drop(maintenance, database);
      Databases.rename(maintenance, stagingDatabase, database);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot swap " + stagingDatabase + " in as " + database + ": "
          + e.getMessage(), e);
    }
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
