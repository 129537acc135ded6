package io.lifeboat.workflows.files;

import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Backups of directory trees: a tar stream of what changed since the previous backup plus a
 * per-file index (path, size, mtime, mode, owner, SHA-256, where the content is stored), so an
 * unchanged file is referenced from an earlier backup rather than stored again. Every backup's
 * index lists the whole tree, so each restores on its own.
 */
@ActivityInterface
public interface FileSetActivities {
  /** Walks the target's paths and stores a new backup; idempotent (an existing manifest is returned). */
  SourceBackupResult backupFiles(SourceBackupRequest request);

  /**
   * Checks the manifest's signature, every object of the backup (SHA-256, decryption, integrity)
   * and that every earlier backup it references is present and signed.
   */
  IntegrityReport checkFiles(String backupId);

  /**
   * Restores a backup, or the part of it under {@code subPath}, to its original place (null
   * {@code destination}) or under {@code destination}, checking every file's SHA-256 on the way.
   */
  FilesRestoreReport restoreFiles(FilesRestoreRequest request);

  /** Deletes a scratch directory made by a verification; succeeds when it does not exist. */
  void removeScratchFiles(String backupId, String directory);

  /** The scratch directory a verification of {@code backupId} restores into. */
  String scratchDirectory(String backupId);

  /**
   * @param subPath an original absolute path (a file or directory) to restore alone; null: all
   * @param destination a directory to restore under; null: the original paths
   */
  record FilesRestoreRequest(String backupId, String subPath, String destination) {}

  /** What a restore wrote; {@code mismatches} name files whose content differs from the index. */
  record FilesRestoreReport(
      int files, int directories, int symlinks, long bytes, List<String> mismatches, List<String> warnings) {}
}
