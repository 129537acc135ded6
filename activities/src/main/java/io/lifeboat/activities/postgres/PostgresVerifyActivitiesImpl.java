package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.verify.VerifyActivities;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Verification of PostgreSQL dumps: integrity through {@code pg_restore --list}, test restores. */
public class PostgresVerifyActivitiesImpl implements VerifyActivities {
  private final PostgresTargets targets;
  private final StoredBackups backups;

  public PostgresVerifyActivitiesImpl(PostgresTargets targets, StoredBackups backups) {
    this.targets = targets;
    this.backups = backups;
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    SignedManifest backup = backups.manifest(backupId);
    Manifest manifest = backup.manifest();
    int entries = PgRestore.list(backups, backup);
    // Every further object (none for logical dumps today) is checked by streaming it to nowhere.
    for (Manifest.StoredObject object : manifest.objects().subList(1, manifest.objects().size())) {
      backups.read(backup, object, OutputStream.nullOutputStream(), bytes -> {});
    }
    return new IntegrityReport(manifest.target(), manifest.objects().size(), manifest.storedBytes(), entries);
  }

  @Override
  public TestRestoreReport testRestore(String backupId, String scratchDatabase) {
    SignedManifest backup = backups.manifest(backupId);
    PostgresServer server = targets.get(backup.manifest().target()).server();
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      Databases.recreate(maintenance, scratchDatabase);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create scratch database " + scratchDatabase + ": " + e.getMessage(), e);
    }
    PgRestore.into(backups, backup, server, scratchDatabase);
    Map<String, Long> expected = backup.manifest().rowCounts();
    Map<String, Long> actual = RowCounts.countHeartbeating(server, scratchDatabase, backup.manifest().schema());
    List<String> mismatches = RowCounts.differences(expected, actual);
    long rows = actual.values().stream().mapToLong(Long::longValue).sum();
    return new TestRestoreReport(actual.size(), rows, mismatches);
  }

  @Override
  public void dropScratchDatabase(String backupId, String scratchDatabase) {
    SignedManifest backup = backups.manifest(backupId);
    PostgresServer server = targets.get(backup.manifest().target()).server();
    try (Connection maintenance = server.connect(PostgresServer.MAINTENANCE_DATABASE)) {
      Databases.drop(maintenance, scratchDatabase);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop scratch database " + scratchDatabase + ": " + e.getMessage(), e);
    }
  }
}
