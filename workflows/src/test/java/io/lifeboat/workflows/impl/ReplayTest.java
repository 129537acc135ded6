package io.lifeboat.workflows.impl;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;

/**
 * Replays recorded histories against today's workflow code: a change that would break running
 * workflows (a reordered or removed activity call) fails here. Re-record a history only for a
 * deliberate, versioned change (-Dlifeboat.recordHistories=true after deleting the file).
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
  void retentionHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/retention.json", RetentionWorkflowImpl.class);
  }
}
