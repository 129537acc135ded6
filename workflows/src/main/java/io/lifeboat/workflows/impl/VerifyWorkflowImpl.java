package io.lifeboat.workflows.impl;

import io.lifeboat.workflows.common.RunAttributes;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.cluster.ClusterActivities;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.RecoveredServer;
import io.lifeboat.workflows.cluster.RecoveryPlan;
import io.lifeboat.workflows.cluster.RecoveryTarget;
import io.lifeboat.workflows.cluster.ScratchServer;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.files.FileSetActivities;
import io.lifeboat.workflows.files.FileSetActivities.FilesRestoreReport;
import io.lifeboat.workflows.files.FileSetActivities.FilesRestoreRequest;
import io.lifeboat.workflows.lock.LockReport;
import io.lifeboat.workflows.lock.ObjectLockActivities;
import io.lifeboat.workflows.redis.RedisActivities;
import io.lifeboat.workflows.redis.RedisActivities.RedisCheckReport;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.verify.VerifyActivities;
import io.lifeboat.workflows.verify.VerifyActivities.IntegrityReport;
import io.lifeboat.workflows.verify.VerifyActivities.TestRestoreReport;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;

/**
 * Out of an archive storage class → signature and checksums → Object Lock in place → decrypt and
 * list → test restore into scratch → compare → drop scratch.
 */
public class VerifyWorkflowImpl implements VerifyWorkflow {
  private final VerifyActivities verify =
      Workflow.newActivityStub(VerifyActivities.class, ActivityDefaults.streaming());
  private final VerifyActivities cleanup =
      Workflow.newActivityStub(VerifyActivities.class, ActivityDefaults.quick());
  private final CatalogActivities catalog =
      Workflow.newActivityStub(CatalogActivities.class, ActivityDefaults.quick());
  private final FileSetActivities files =
      Workflow.newActivityStub(FileSetActivities.class, ActivityDefaults.streaming());
  private final FileSetActivities filesCleanup =
      Workflow.newActivityStub(FileSetActivities.class, ActivityDefaults.quick());
  private final RedisActivities redis =
      Workflow.newActivityStub(RedisActivities.class, ActivityDefaults.streaming());
  private final ClusterActivities clusters =
      Workflow.newActivityStub(ClusterActivities.class, ActivityDefaults.streaming());
  private final SourceKindSwitch kinds = new SourceKindSwitch();
  private final ObjectLockActivities locks =
      Workflow.newActivityStub(ObjectLockActivities.class, ActivityDefaults.quick());
  private final ReadSources sources = new ReadSources();
  private final ArchiveThaw thaw = new ArchiveThaw();
  private final StepTracker steps =
      new StepTracker("VERIFY", "thaw", "integrity", "object-lock", "test-restore", "drop-scratch", "index");

  @Override
  public VerifyResult verify(VerifyRequest request) {
    RunAttributes.started("VERIFY", null, request.requestedBy());
    RunAttributes.backup(request.backupId());
    WorkflowInfo info = Workflow.getInfo();
    RunRecord running = new RunRecord(info.getWorkflowId(), info.getRunId(), "VERIFY", null, request.backupId(),
        "RUNNING", StepTracker.now(), null, null, null, null, null, request.requestedBy(),
        request.testRestore() ? "with test restore" : "integrity only", null);
    catalog.recordRun(running);
    try {
      String kind = kinds.ofBackup(request.backupId());
      steps.run("thaw", () -> thaw.ensureReadable(request.backupId()), done -> done);
      if (kind.equals(SourceKinds.FILES) || kind.equals(SourceKinds.CONFIG)) {
        return verifyFiles(request, running);
      }
      if (kind.equals(SourceKinds.REDIS)) {
        return verifyRedis(request, running);
      }
      if (kind.equals(ClusterActivities.BASE_KIND)) {
        return verifyBaseBackup(request, running);
      }
      IntegrityReport integrity = steps.run("integrity", () -> verify.checkIntegrity(request.backupId()),
          r -> r.objectsChecked() + " objects, " + r.storedBytes() + " bytes, " + r.archiveEntries() + " archive entries");
      running = withTarget(running, integrity.target());
      ReadSource source = sources.of(request.backupId());
      checkLock(request.backupId());
      TestRestoreReport restored = request.testRestore() ? testRestore(request.backupId()) : null;
      if (restored == null) {
        steps.skip("test-restore", "not requested");
        steps.skip("drop-scratch", "no scratch database");
      }
      Instant verifiedAt = StepTracker.now();
      steps.run("index", () -> catalog.markVerified(request.backupId(), verifiedAt), "verified at " + verifiedAt);
      catalog.recordRun(BackupWorkflowImpl.withEnd(running, "COMPLETED", StepTracker.now(), null));
      steps.finished();
      return new VerifyResult(request.backupId(), integrity.objectsChecked(), integrity.archiveEntries(),
          restored == null ? 0 : restored.tablesCompared(), restored == null ? 0 : restored.rowsCompared(), verifiedAt,
          source);
    } catch (RuntimeException e) {
      steps.failed();
      catalog.recordRun(BackupWorkflowImpl.withEnd(running, "FAILED", StepTracker.now(), Failures.message(e)));
      throw e;
    }
  }

  /**
   * Checks every object and reference, then restores into a scratch directory, comparing each
   * file's SHA-256 with the index; the scratch directory is removed whatever happens. The result
   * counts files as tables and bytes as rows.
   */
  private VerifyResult verifyFiles(VerifyRequest request, RunRecord running) {
    String backupId = request.backupId();
    IntegrityReport integrity = steps.run("integrity", () -> files.checkFiles(backupId),
        r -> r.objectsChecked() + " objects and references, " + r.storedBytes() + " bytes, "
            + r.archiveEntries() + " index entries");
    running = withTarget(running, integrity.target());
    ReadSource source = sources.of(backupId);
    checkLock(backupId);
    FilesRestoreReport restored = null;
    if (request.testRestore()) {
      String scratch = filesCleanup.scratchDirectory(backupId);
      try {
        restored = steps.run("test-restore", () -> files.restoreFiles(new FilesRestoreRequest(backupId, null, scratch)),
            r -> r.files() + " files, " + r.bytes() + " bytes restored into " + scratch + " and hashed");
        if (!restored.mismatches().isEmpty()) {
          throw ApplicationFailure.newNonRetryableFailure("test restore of " + backupId + " differs from its index: "
              + String.join("; ", restored.mismatches()), FailureTypes.VERIFICATION_MISMATCH);
        }
      } finally {
        Workflow.newDetachedCancellationScope(() -> steps.run("drop-scratch",
            () -> filesCleanup.removeScratchFiles(backupId, scratch), "removed " + scratch)).run();
      }
    } else {
      steps.skip("test-restore", "not requested");
      steps.skip("drop-scratch", "no scratch directory");
    }
    Instant verifiedAt = StepTracker.now();
    steps.run("index", () -> catalog.markVerified(backupId, verifiedAt), "verified at " + verifiedAt);
    catalog.recordRun(BackupWorkflowImpl.withEnd(running, "COMPLETED", StepTracker.now(), null));
    steps.finished();
    return new VerifyResult(backupId, integrity.objectsChecked(), integrity.archiveEntries(),
        restored == null ? 0 : restored.files(), restored == null ? 0 : restored.bytes(), verifiedAt, source);
  }

  /**
   * Checks a base backup's object and its backup_label; its test restore is a point-in-time
   * recovery (it needs the WAL archive and a server), which verification does not start.
   */
  private VerifyResult verifyBaseBackup(VerifyRequest request, RunRecord running) {
    String backupId = request.backupId();
    IntegrityReport integrity = steps.run("integrity", () -> clusters.checkBaseBackup(backupId),
        r -> r.objectsChecked() + " objects, " + r.storedBytes() + " bytes, " + r.archiveEntries()
            + " tar members; backup_label where the manifest says");
    running = withTarget(running, integrity.target());
    RecoveredServer restored = null;
    if (!request.testRestore()) {
      steps.skip("test-restore", "not requested");
      steps.skip("drop-scratch", "no scratch server");
    } else {
      restored = testRestoreBaseBackup(request);
    }
    Instant verifiedAt = StepTracker.now();
    steps.run("index", () -> catalog.markVerified(backupId, verifiedAt), "verified at " + verifiedAt);
    catalog.recordRun(BackupWorkflowImpl.withEnd(running, "COMPLETED", StepTracker.now(), null));
    steps.finished();
    return new VerifyResult(backupId, integrity.objectsChecked(), integrity.archiveEntries(),
        restored == null ? 0 : restored.databases(), 0, verifiedAt, ReadSource.primary());
  }

  /**
   * Recovers the base backup, with the archived WAL it needs, into a scratch server up to the point
   * where it is consistent, and checks that every database answers; the scratch server is stopped
   * and deleted whatever happens. The result counts the databases as tables compared.
   */
  private RecoveredServer testRestoreBaseBackup(VerifyRequest request) {
    ScratchServer scratch = clusters.scratchServer(request.backupId());
    PointInTimeRequest recovery = new PointInTimeRequest(scratch.target(), RecoveryTarget.lsn(scratch.endLsn()),
        request.backupId(), scratch.dataDirectory(), scratch.port(), null, request.requestedBy());
    try {
      return steps.run("test-restore", () -> {
        RecoveryPlan plan = clusters.planRecovery(recovery);
        clusters.fetchBaseBackup(recovery, plan);
        clusters.startRecovery(recovery, plan);
        return clusters.awaitRecovery(recovery, plan);
      }, server -> "recovered into " + scratch.dataDirectory() + " up to " + server.lsn() + "; " + server.databases()
          + " databases answer");
    } finally {
      Workflow.newDetachedCancellationScope(() -> steps.run("drop-scratch", () -> {
        clusters.removeScratchServer(scratch);
        return scratch.dataDirectory();
      }, dir -> "stopped and removed " + dir)).run();
    }
  }

  /**
   * Checks the RDB object, then loads it into a scratch redis-server (which the activity stops and
   * deletes itself) and compares DBSIZE and the sampled keys with the manifest. The result counts
   * sampled keys as tables and keys as rows.
   */
  private VerifyResult verifyRedis(VerifyRequest request, RunRecord running) {
    String backupId = request.backupId();
    IntegrityReport integrity = steps.run("integrity", () -> redis.checkRedis(backupId),
        r -> r.objectsChecked() + " objects, " + r.storedBytes() + " bytes; RDB header valid");
    running = withTarget(running, integrity.target());
    ReadSource source = sources.of(backupId);
    checkLock(backupId);
    RedisCheckReport restored = null;
    if (request.testRestore()) {
      restored = steps.run("test-restore", () -> redis.testRestoreRedis(backupId),
          r -> r.keys() + " keys loaded into " + r.where() + ", " + r.sampled() + " sampled keys compared");
      steps.skip("drop-scratch", "the test restore stopped and deleted its scratch server");
      if (!restored.mismatches().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("test restore of " + backupId + " differs from its manifest: "
            + String.join("; ", restored.mismatches()), FailureTypes.VERIFICATION_MISMATCH);
      }
    } else {
      steps.skip("test-restore", "not requested");
      steps.skip("drop-scratch", "no scratch server");
    }
    Instant verifiedAt = StepTracker.now();
    steps.run("index", () -> catalog.markVerified(backupId, verifiedAt), "verified at " + verifiedAt);
    catalog.recordRun(BackupWorkflowImpl.withEnd(running, "COMPLETED", StepTracker.now(), null));
    steps.finished();
    return new VerifyResult(backupId, integrity.objectsChecked(), integrity.archiveEntries(),
        restored == null ? 0 : restored.sampled(), restored == null ? 0 : restored.keys(), verifiedAt, source);
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

  /** The scratch database is dropped whatever happens, also when the run is cancelled. */
  private TestRestoreReport testRestore(String backupId) {
    String scratch = ScratchNames.forVerification(backupId);
    try {
      TestRestoreReport report = steps.run("test-restore", () -> verify.testRestore(backupId, scratch),
          r -> r.tablesCompared() + " tables, " + r.rowsCompared() + " rows compared in " + scratch);
      if (!report.mismatches().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "test restore of " + backupId + " differs from the source: " + String.join("; ", report.mismatches()),
            FailureTypes.VERIFICATION_MISMATCH);
      }
      return report;
    } finally {
      Workflow.newDetachedCancellationScope(() -> steps.run("drop-scratch",
          () -> cleanup.dropScratchDatabase(backupId, scratch), "dropped " + scratch)).run();
    }
  }

  /** The run with the target of the backup it verifies, which its search attributes now name too. */
  private static RunRecord withTarget(RunRecord run, String target) {
    RunAttributes.target(target);
    return new RunRecord(run.workflowId(), run.runId(), run.type(), target, run.backupId(), run.status(),
        run.startedAt(), run.endedAt(), null, null, null, null, run.requestedBy(), run.reason(), run.error());
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }
}
