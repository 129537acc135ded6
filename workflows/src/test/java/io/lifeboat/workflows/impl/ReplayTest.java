package io.lifeboat.workflows.impl;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories of every workflow type against today's workflow code (runbooks: see
 * RunbookReplayTest): a change that would break running workflows (a reordered or removed activity
 * call) fails here. How and when to re-record them: docs/versioning.md.
 */
class ReplayTest {
  @Test
  void backupHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/backup.json", BackupWorkflowImpl.class);
  }

  @Test
  void tenantBackupHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/tenant-backup.json",
        TenantBackupWorkflowImpl.class);
  }

  @Test
  void verifyHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/verify.json", VerifyWorkflowImpl.class);
  }

  @Test
  void restoreHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/restore.json", RestoreWorkflowImpl.class);
  }

  @Test
  void replicationHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/replication.json", ReplicationWorkflowImpl.class);
  }

  @Test
  void legalHoldHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/legal-hold.json", LegalHoldWorkflowImpl.class);
  }

  @Test
  void pointInTimeRestoreHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/point-in-time-restore.json",
        PointInTimeRestoreWorkflowImpl.class);
  }

  @Test
  void archiveCheckHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/archive-check.json", ArchiveCheckWorkflowImpl.class);
  }

  @Test
  void scheduledRunHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/scheduled-run.json", ScheduledRunWorkflowImpl.class);
  }

  @Test
  void retentionHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/retention.json", RetentionWorkflowImpl.class);
  }
}
