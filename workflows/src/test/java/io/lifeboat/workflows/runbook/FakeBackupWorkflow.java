package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.RunProgress;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/** Stands in for the real backup workflow that a safety-backup step starts as a child. */
public class FakeBackupWorkflow implements BackupWorkflow {
  @Override
  public BackupResult backup(BackupRequest request) {
    return new BackupResult(
        "safety-" + request.target(), request.target(), "postgres", Instant.ofEpochMilli(Workflow.currentTimeMillis()),
        100, 50, "manifest.json", 10);
  }

  @Override
  public RunProgress progress() {
    return new RunProgress("backup", "done", List.of());
  }
}
