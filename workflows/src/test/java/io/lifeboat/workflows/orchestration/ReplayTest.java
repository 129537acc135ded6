package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.tenants.TenantBackupWorkflowImpl;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflowImpl;
import io.lifeboat.workflows.retention.RetentionWorkflowImpl;
import io.lifeboat.workflows.replication.CopySyncWorkflowImpl;
import io.lifeboat.workflows.replication.ReplicationWorkflowImpl;
import io.lifeboat.workflows.lock.LegalHoldWorkflowImpl;
import io.lifeboat.workflows.cluster.PointInTimeRestoreWorkflowImpl;
import io.lifeboat.workflows.cluster.ArchiveCheckWorkflowImpl;
import io.lifeboat.workflows.verify.VerifyWorkflowImpl;
import io.lifeboat.workflows.restore.RestoreWorkflowImpl;
import io.lifeboat.workflows.backup.BackupWorkflowImpl;
import io.temporal.testing.WorkflowReplayer;
import io.lifeboat.workflows.orchestration.FakeActivities.FakeKind;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Replays recorded histories of every workflow type against today's workflow code (runbooks: see
 * RunbookReplayTest): a change that would break running workflows (a reordered or removed activity
 * call) fails here. How and when to re-record them: docs/versioning.md.
 */
class ReplayTest {
  @ParameterizedTest
  @EnumSource(FakeKind.class)
  void eachKindsBackupAndVerifyHistoriesReplay(FakeKind kind) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/backup-" + name(kind) + ".json",
        BackupWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/verify-" + name(kind) + ".json",
        VerifyWorkflowImpl.class);
  }

  @ParameterizedTest
  @EnumSource(value = FakeKind.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRES_CLUSTER")
  void eachKindsRestoreHistoryReplays(FakeKind kind) throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/restore-" + name(kind) + ".json",
        RestoreWorkflowImpl.class);
  }

  /** A restore that replaced data once a second person approved it (recorded by ReplaceApprovalTest). */
  @Test
  void approvedReplacingRestoreHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/restore-approved.json", RestoreWorkflowImpl.class);
  }

  @Test
  void backupHistoryWithItsEndNotifiedReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/backup-notified.json", BackupWorkflowImpl.class);
  }

  private static String name(FakeKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Test
  void tenantBackupHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/tenant-backup.json",
        TenantBackupWorkflowImpl.class);
  }

  @Test
  void replicationHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/replication.json", ReplicationWorkflowImpl.class);
  }

  @Test
  void copiesSyncHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/copies-sync.json", CopySyncWorkflowImpl.class);
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
  void scheduledTenantBackupHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/scheduled-tenant-backup.json",
        ScheduledRunWorkflowImpl.class);
  }

  /** Two hosts' disks checked on their own queues and the copies' lag (recorded by WatchWorkflowTest). */
  @Test
  void watchHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/watch.json",
        io.lifeboat.workflows.notify.WatchWorkflowImpl.class);
  }

  @Test
  void retentionHistoryReplays() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/retention.json", RetentionWorkflowImpl.class);
  }
}
