package io.lifeboat.workflows.verify;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Checks on a stored backup. Each streams from storage; none keeps a local copy. */
@ActivityInterface
public interface VerifyActivities {
  /**
   * Verifies the manifest signature, then streams every object through SHA-256, decryption
   * (integrity protected) and decompression into {@code pg_restore --list}.
   */
  IntegrityReport checkIntegrity(String backupId);

  /** Restores the backup into {@code scratchDatabase} (created afresh) and compares row counts. */
  TestRestoreReport testRestore(String backupId, String scratchDatabase);

  /** Drops a scratch database; succeeds when it does not exist. */
  void dropScratchDatabase(String backupId, String scratchDatabase);

  record IntegrityReport(String target, int objectsChecked, long storedBytes, int archiveEntries) {}

  record TestRestoreReport(int tablesCompared, long rowsCompared, List<String> mismatches) {}
}
