package io.lifeboat.activities.files;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.files.FileSetActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.verify.VerifyActivities.IntegrityReport;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Map;

/**
 * File-set backups, checks and restores as activities: the catalog finds parents, the rest streams.
 * Superseded by {@link FileSetSource}; both share {@link FileSetBackupChain}, {@link FileSetCheck}
 * and {@link FileSetRestore}.
 */
public class FileSetActivitiesImpl implements FileSetActivities {
  private final FileSetTargets targets;
  private final StoredBackups stored;
  private final FileSetBackupChain chain;
  private final FileSetCheck check;
  private final FileSetRestore restore;
  private final VerifyScratch scratch;

  public FileSetActivitiesImpl(FileSetTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> toolVersions) {
    this.targets = targets;
    this.stored = stored;
    this.chain = new FileSetBackupChain(catalog,
        backups, new FileSetBackup(backups, stored, writer, encryption, toolVersions));
    this.check = new FileSetCheck(backups, stored);
    this.restore = new FileSetRestore(backups, stored);
    this.scratch = new VerifyScratch(targets);
  }

  @Override
  public SourceBackupResult backupFiles(SourceBackupRequest request) {
    return chain.backup(targets.get(request.target()), request);
  }

  @Override
  public IntegrityReport checkFiles(String backupId) {
    SignedManifest signed = stored.manifest(backupId);
    requireFiles(signed.manifest());
    io.lifeboat.workflows.sources.IntegrityReport report = check.check(signed);
    return new IntegrityReport(report.target(), report.objectsChecked(), report.storedBytes(), report.archiveEntries());
  }

  @Override
  public FilesRestoreReport restoreFiles(FilesRestoreRequest request) {
    SignedManifest signed = stored.manifest(request.backupId());
    requireFiles(signed.manifest());
    Path destination = request.destination() == null || request.destination().isBlank() ? null
        : Path.of(request.destination()).toAbsolutePath().normalize();
    try (Heartbeat heartbeat = Heartbeat.start("restore-files")) {
      return restore.run(signed, request.subPath(), destination, heartbeat::set);
    }
  }

  @Override
  public String scratchDirectory(String backupId) {
    return scratch.directory(targetOf(backupId), backupId).toString();
  }

  @Override
  public void removeScratchFiles(String backupId, String directory) {
    scratch.remove(targetOf(backupId), Path.of(directory));
  }

  private String targetOf(String backupId) {
    return stored.manifest(backupId).manifest().target();
  }

  private static void requireFiles(Manifest manifest) {
    if (!SourceKinds.FILES.equals(manifest.kind()) && !SourceKinds.CONFIG.equals(manifest.kind())) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + manifest.backupId() + " is a " + manifest.kind()
          + " backup, not a file-set backup", FailureTypes.BAD_REQUEST);
    }
  }

  /** Deletes a directory tree (not following symlinks); succeeds when it does not exist. */
  public static void deleteTree(Path dir) {
    DirectoryTrees.delete(dir);
  }
}
