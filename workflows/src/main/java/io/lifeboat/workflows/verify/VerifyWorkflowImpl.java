package io.lifeboat.workflows.verify;

import io.lifeboat.workflows.common.ReadSources;
import io.lifeboat.workflows.common.ArchiveThaw;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.common.RunLedger;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.lock.LockReport;
import io.lifeboat.workflows.lock.ObjectLockActivities;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;

/**
 * Out of an archive storage class → signature and checksums → Object Lock in place → test restore
 * into scratch and compare (the scratch copy is removed whatever happens) → mark verified. The same
 * steps for every kind of source.
 */
public class VerifyWorkflowImpl implements VerifyWorkflow {
  private final SourceActivities sources =
      Workflow.newActivityStub(SourceActivities.class, ActivityDefaults.streaming());
  private final CatalogActivities catalog =
      Workflow.newActivityStub(CatalogActivities.class, ActivityDefaults.quick());
  private final ObjectLockActivities locks =
      Workflow.newActivityStub(ObjectLockActivities.class, ActivityDefaults.quick());
  private final ReadSources readSources = new ReadSources();
  private final ArchiveThaw thaw = new ArchiveThaw();
  private final StepTracker steps = new StepTracker("VERIFY", "thaw", "integrity", "object-lock", "test-restore", "index");

  @Override
  public VerifyResult verify(VerifyRequest request) {
    String backupId = request.backupId();
    RunLedger run = RunLedger.start(RunType.VERIFY, null, backupId, request.requestedBy(),
        request.testRestore() ? "with test restore" : "integrity only");
    try {
      steps.run("thaw", () -> thaw.ensureReadable(backupId), done -> done);
      IntegrityReport integrity = steps.run("integrity", () -> sources.checkIntegrity(backupId),
          IntegrityReport::summary);
      run.target(integrity.target());
      ReadSource readFrom = readSources.of(backupId);
      checkLock(backupId);
      TestRestoreReport restored = null;
      if (request.testRestore()) {
        restored = steps.run("test-restore", () -> sources.testRestore(backupId), TestRestoreReport::summary);
        if (!restored.comparison().matches()) {
          throw ApplicationFailure.newNonRetryableFailure("test restore of " + backupId + " differs from what the"
              + " backup recorded: " + restored.comparison().describe(), FailureTypes.VERIFICATION_MISMATCH);
        }
      } else {
        steps.skip("test-restore", "not requested");
      }
      Instant verifiedAt = StepTracker.now();
      steps.run("index", () -> catalog.markVerified(backupId, verifiedAt), "verified at " + verifiedAt);
      run.completed();
      steps.finished();
      return new VerifyResult(backupId, integrity.objectsChecked(), integrity.archiveEntries(),
          restored, verifiedAt, readFrom);
    } catch (RuntimeException e) {
      steps.failed();
      run.failed(e);
      throw e;
    }
  }

  /**
   * With Object Lock on, every object must still be locked as configured; a backup that is not is
   * no longer the immutable copy it was meant to be, and fails verification.
   */
  private void checkLock(String backupId) {
    LockReport lock = steps.run("object-lock", () -> locks.checkLock(backupId), LockReport::describe);
    if (!lock.problems().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is not locked as storage.objectLock"
          + " requires: " + String.join("; ", lock.problems()), FailureTypes.INTEGRITY);
    }
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }
}
