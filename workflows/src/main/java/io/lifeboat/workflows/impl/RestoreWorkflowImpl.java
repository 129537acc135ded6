package io.lifeboat.workflows.impl;

import io.lifeboat.workflows.common.RunAttributes;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.backup.PostgresDumpActivities;
import io.lifeboat.workflows.backup.PostgresDumpActivities.DumpRequest;
import io.lifeboat.workflows.backup.PostgresDumpActivities.DumpResult;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.config.ConfigSetActivities;
import io.lifeboat.workflows.files.FileSetActivities;
import io.lifeboat.workflows.files.FileSetActivities.FilesRestoreReport;
import io.lifeboat.workflows.files.FileSetActivities.FilesRestoreRequest;
import io.lifeboat.workflows.redis.RedisActivities;
import io.lifeboat.workflows.redis.RedisActivities.RedisCheckReport;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.TargetActivities;
import io.lifeboat.workflows.restore.RestoreActivities;
import io.lifeboat.workflows.restore.RestoreActivities.DatabaseState;
import io.lifeboat.workflows.restore.RestoreActivities.ResolvedBackup;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.tenants.TenantSchemaActivities;
import io.lifeboat.workflows.tenants.TenantSchemaActivities.SchemaState;
import io.lifeboat.workflows.verify.VerifyActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Instant;
import java.util.List;

/**
 * Identify the backup → bring it out of an archive storage class → verify it → inspect the
 * destination → safety backup when it holds data → restore beside it into a staging database →
 * compare row counts → swap in → report RTO/RPO.
 * The live database is untouched until the restored copy has passed its checks.
 */
public class RestoreWorkflowImpl implements RestoreWorkflow {
  private final RestoreActivities restore =
      Workflow.newActivityStub(RestoreActivities.class, ActivityDefaults.streaming());
  /** A swap half-done puts itself back; a cancelled run waits for it to end rather than race it. */
  private final RestoreActivities swap = Workflow.newActivityStub(RestoreActivities.class,
      ActivityOptions.newBuilder(ActivityDefaults.streaming())
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build());
  private final RestoreActivities cleanupRestore =
      Workflow.newActivityStub(RestoreActivities.class, ActivityDefaults.quick());
  private final VerifyActivities verify =
      Workflow.newActivityStub(VerifyActivities.class, ActivityDefaults.streaming());
  private final VerifyActivities cleanup =
      Workflow.newActivityStub(VerifyActivities.class, ActivityDefaults.quick());
  private final PostgresDumpActivities dump =
      Workflow.newActivityStub(PostgresDumpActivities.class, ActivityDefaults.streaming());
  private final CatalogActivities catalog =
      Workflow.newActivityStub(CatalogActivities.class, ActivityDefaults.quick());
  private final FileSetActivities files =
      Workflow.newActivityStub(FileSetActivities.class, ActivityDefaults.streaming());
  private final ConfigSetActivities config =
      Workflow.newActivityStub(ConfigSetActivities.class, ActivityDefaults.streaming());
  private final TargetActivities targets =
      Workflow.newActivityStub(TargetActivities.class, ActivityDefaults.quick());
  private final RedisActivities redis =
      Workflow.newActivityStub(RedisActivities.class, ActivityDefaults.streaming());
  private final TenantSchemaActivities tenants =
      Workflow.newActivityStub(TenantSchemaActivities.class, ActivityDefaults.streaming());
  private final TenantSchemaActivities tenantsCleanup =
      Workflow.newActivityStub(TenantSchemaActivities.class, ActivityDefaults.quick());
  private final SourceKindSwitch kinds = new SourceKindSwitch();
  private final ReadSources sources = new ReadSources();
  private final ArchiveThaw thaw = new ArchiveThaw();
  private StepTracker steps = new StepTracker("RESTORE",
      "identify", "thaw", "checksum", "inspect", "safety-backup", "restore", "compare", "swap-in", "drop-replaced");

  @Override
  public RestoreResult restore(RestoreRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    Instant startedAt = StepTracker.now();
    Instant incidentAt = request.incidentAt() == null ? startedAt : request.incidentAt();
    RunAttributes.started("RESTORE", request.target(), request.requestedBy());
    RunRecord run = new RunRecord(info.getWorkflowId(), info.getRunId(), "RESTORE", request.target(), null,
        "RUNNING", startedAt, null, null, null, null, null, request.requestedBy(),
        request.schema() == null ? "into " + request.database() : "schema " + request.schema(), null);
    catalog.recordRun(run);
    try {
      String kind = kinds.ofTarget(request.target());
      RunAttributes.kind(kind);
      if (request.schema() != null) {
        return restoreSchema(request, run, incidentAt, kind, info);
      }
      if (kind.equals(SourceKinds.FILES)) {
        return restoreFiles(request, run, incidentAt, kind);
      }
      if (kind.equals(SourceKinds.CONFIG)) {
        return restoreFiles(request, run, incidentAt, kind);
      }
      if (kind.equals(SourceKinds.REDIS)) {
        return restoreRedis(request, run, incidentAt);
      }
      ResolvedBackup backup = steps.run("identify", () -> restore.resolveBackup(request.target(), request.backup()),
          b -> b.backupId() + " (recovery point " + b.recoveryPoint() + ")");
      run = withBackup(run, backup);
      String backupId = backup.backupId();
      steps.run("thaw", () -> thaw.ensureReadable(backupId), done -> done);
      steps.run("checksum", () -> verify.checkIntegrity(backupId),
          r -> r.objectsChecked() + " objects match their checksums; signature valid");
      ReadSource source = sources.of(backupId);
      DatabaseState state = steps.run("inspect", () -> restore.inspectDatabase(request.target(), request.database()),
          s -> s.exists() ? s.userTables() + " tables, " + s.sizeBytes() + " bytes" : "does not exist");
      String safetyBackupId = safetyBackup(request, state, info);

      String staging = ScratchNames.staging(request.database());
      try {
        steps.run("restore", () -> restore.restoreInto(backupId, request.target(), staging), "restored into " + staging);
        List<String> mismatches = steps.run("compare",
            () -> restore.compareRowCounts(backupId, request.target(), staging),
            m -> m.isEmpty() ? "row counts equal the backup's" : String.join("; ", m));
        if (!mismatches.isEmpty()) {
          throw ApplicationFailure.newNonRetryableFailure("restored data differs from backup " + backupId + ": "
              + String.join("; ", mismatches), FailureTypes.VERIFICATION_MISMATCH);
        }
      } catch (RuntimeException e) {
        Workflow.newDetachedCancellationScope(() -> cleanup.dropScratchDatabase(backupId, staging)).run();
        throw e;
      }
      String retired = ScratchNames.retired(request.database(), info.getRunId());
      boolean replaced = steps.run("swap-in", () -> swap.swapIn(request.target(), staging, request.database(), retired),
          set -> request.database() + " now holds backup " + backupId
              + (set ? "; the database it replaced is kept as " + retired + " until the end" : ""));
      dropRetired(request, retired, replaced);

      return completed(run, backup, request.database(), safetyBackupId, incidentAt, source);
    } catch (RuntimeException e) {
      steps.failed();
      catalog.recordRun(BackupWorkflowImpl.withEnd(run, "FAILED", StepTracker.now(), Failures.message(e)));
      throw e;
    }
  }

  /**
   * Identify → checksum every object and reference → restore with each file's SHA-256 checked.
   * {@code database} names the destination directory here; blank restores over the original
   * paths, which must be asked for ({@code replace}). Files not in the backup are left alone.
   * A configuration backup is validated file by file first ("validate"); an invalid one is
   * refused before anything is written.
   */
  private RestoreResult restoreFiles(RestoreRequest request, RunRecord run, Instant incidentAt, String kind) {
    boolean configuration = kind.equals(SourceKinds.CONFIG);
    steps = configuration ? new StepTracker("RESTORE", "identify", "thaw", "checksum", "validate", "restore")
        : new StepTracker("RESTORE", "identify", "thaw", "checksum", "restore");
    String destination = request.database() == null || request.database().isBlank() ? null : request.database();
    if (destination == null && !request.replace()) {
      throw ApplicationFailure.newNonRetryableFailure("restoring file set " + request.target() + " over its original"
          + " paths overwrites files there; ask for it (--replace) or restore into another directory; nothing was"
          + " changed", FailureTypes.BAD_REQUEST);
    }
    ResolvedBackup backup = steps.run("identify",
        () -> targets.resolveSourceBackup(request.target(), kind, request.backup()),
        b -> b.backupId() + " (recovery point " + b.recoveryPoint() + ")");
    RunRecord withBackup = withBackup(run, backup);
    String backupId = backup.backupId();
    steps.run("thaw", () -> thaw.ensureReadable(backupId), done -> done);
    steps.run("checksum", () -> files.checkFiles(backupId),
        r -> r.objectsChecked() + " objects and references match their checksums; signature valid");
    ReadSource source = sources.of(backupId);
    if (configuration) {
      steps.run("validate", () -> config.validateConfig(backupId),
          r -> r.files() + " files: " + r.validated() + " valid, " + r.unchecked() + " of no known type");
    }
    FilesRestoreReport report = steps.run("restore",
        () -> files.restoreFiles(new FilesRestoreRequest(backupId, null, destination)),
        r -> r.files() + " files, " + r.directories() + " directories, " + r.symlinks() + " symlinks, " + r.bytes()
            + " bytes into " + (destination == null ? "the original paths" : destination)
            + (r.warnings().isEmpty() ? "" : "; WARNINGS: " + String.join("; ", r.warnings())));
    if (!report.mismatches().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("restored files differ from backup " + backupId + " (left in"
          + " place untouched): " + String.join("; ", report.mismatches()), FailureTypes.VERIFICATION_MISMATCH);
    }
    return completed(withBackup, backup, destination, null, incidentAt, source);
  }

  /**
   * Identify → checksum → stop the server, swap in the RDB, start it → compare DBSIZE and sampled
   * keys with the manifest. Replaces the server's data, so it must be asked for ({@code replace});
   * the replaced RDB file is kept beside the new one.
   */
  private RestoreResult restoreRedis(RestoreRequest request, RunRecord run, Instant incidentAt) {
    steps = new StepTracker("RESTORE", "identify", "thaw", "checksum", "restore", "compare");
    if (!request.replace()) {
      throw ApplicationFailure.newNonRetryableFailure("restoring Redis target " + request.target() + " stops the"
          + " server and replaces its data; ask for it (--replace); nothing was changed", FailureTypes.BAD_REQUEST);
    }
    ResolvedBackup backup = steps.run("identify",
        () -> targets.resolveSourceBackup(request.target(), SourceKinds.REDIS, request.backup()),
        b -> b.backupId() + " (recovery point " + b.recoveryPoint() + ")");
    RunRecord withBackup = withBackup(run, backup);
    String backupId = backup.backupId();
    steps.run("thaw", () -> thaw.ensureReadable(backupId), done -> done);
    steps.run("checksum", () -> redis.checkRedis(backupId),
        r -> r.objectsChecked() + " objects match their checksums; signature valid");
    ReadSource source = sources.of(backupId);
    RedisCheckReport report = steps.run("restore", () -> redis.restoreRedis(backupId),
        r -> r.keys() + " keys loaded into " + r.where());
    steps.run("compare", () -> report.mismatches(),
        m -> m.isEmpty() ? report.sampled() + " sampled keys and DBSIZE equal the backup's" : String.join("; ", m));
    if (!report.mismatches().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("restored Redis data differs from backup " + backupId + ": "
          + String.join("; ", report.mismatches()), FailureTypes.VERIFICATION_MISMATCH);
    }
    return completed(withBackup, backup, report.where(), null, incidentAt, source);
  }

  /**
   * One tenant: identify its schema backup → checksum → inspect the live schema → safety backup
   * when it holds data → restore beside it as a staging schema → compare row counts → swap in
   * (one transaction, which checks the row counts again before committing) → drop the old one.
   * Other schemas are never touched; anything failing before the swap committed leaves the live
   * schema as it was and drops the staging one.
   */
  private RestoreResult restoreSchema(RestoreRequest request, RunRecord run, Instant incidentAt, String kind,
      WorkflowInfo info) {
    steps = new StepTracker("RESTORE", "identify", "thaw", "checksum", "inspect", "safety-backup", "restore",
        "compare", "swap-in", "drop-old");
    String target = request.target();
    String schema = request.schema();
    if (!kind.equals(SourceKinds.POSTGRES)) {
      throw ApplicationFailure.newNonRetryableFailure("target " + target + " is of kind " + kind + "; only"
          + " PostgreSQL targets have schemas to restore one by one: leave out the schema", FailureTypes.BAD_REQUEST);
    }
    ResolvedBackup backup = steps.run("identify", () -> tenants.resolveSchemaBackup(target, schema, request.backup()),
        b -> b.backupId() + " of schema " + schema + " (recovery point " + b.recoveryPoint() + ")");
    RunRecord withBackup = withBackup(run, backup);
    String backupId = backup.backupId();
    steps.run("thaw", () -> thaw.ensureReadable(backupId), done -> done);
    steps.run("checksum", () -> verify.checkIntegrity(backupId),
        r -> r.objectsChecked() + " objects match their checksums; signature valid");
    ReadSource source = sources.of(backupId);
    SchemaState state = steps.run("inspect", () -> tenants.inspectSchema(target, schema),
        s -> s.exists() ? s.tables() + " tables, " + s.sizeBytes() + " bytes" : "does not exist");
    String safetyBackupId = schemaSafetyBackup(request, state, info);

    String staging = ScratchNames.staging(schema);
    String retired = state.exists() ? ScratchNames.retired(schema, info.getRunId()) : null;
    try {
      steps.run("restore", () -> tenants.restoreSchemaBeside(backupId, target, staging), "restored as " + staging);
      List<String> mismatches = steps.run("compare", () -> tenants.compareSchemaRowCounts(backupId, target, staging),
          m -> m.isEmpty() ? "row counts equal the backup's" : String.join("; ", m));
      if (!mismatches.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("restored data differs from backup " + backupId + ": "
            + String.join("; ", mismatches), FailureTypes.VERIFICATION_MISMATCH);
      }
      steps.run("swap-in", () -> tenants.swapSchemaIn(backupId, target, schema, staging, retired),
          schema + " now holds backup " + backupId + ", row counts checked before committing"
              + (retired == null ? "" : "; the old one is kept as " + retired));
    } catch (RuntimeException e) {
      Workflow.newDetachedCancellationScope(() -> tenantsCleanup.dropSchema(target, staging)).run();
      throw e;
    }
    if (retired == null) {
      steps.skip("drop-old", "there was no schema " + schema + " before");
    } else {
      steps.run("drop-old", () -> tenantsCleanup.dropSchema(target, retired), "dropped " + retired);
    }

    return completed(withBackup, backup, schema, safetyBackupId, incidentAt, source);
  }

  /** The result of a restore that ended well, recorded in the catalog with its RPO and RTO. */
  private RestoreResult completed(RunRecord withBackup, ResolvedBackup backup, String destination,
      String safetyBackupId, Instant incidentAt, ReadSource source) {
    Instant completedAt = StepTracker.now();
    RestoreResult result = new RestoreResult(backup.backupId(), destination, safetyBackupId, backup.recoveryPoint(),
        incidentAt, completedAt, incidentAt.toEpochMilli() - backup.recoveryPoint().toEpochMilli(),
        completedAt.toEpochMilli() - incidentAt.toEpochMilli(), backup.rpoObjectiveMillis(),
        backup.rtoObjectiveMillis(), source);
    catalog.recordRun(new RunRecord(withBackup.workflowId(), withBackup.runId(), withBackup.type(),
        withBackup.target(), backup.backupId(), "COMPLETED", withBackup.startedAt(), completedAt,
        result.achievedRpoMillis(), result.achievedRtoMillis(), result.rpoObjectiveMillis(),
        result.rtoObjectiveMillis(), withBackup.requestedBy(), withBackup.reason(), null));
    steps.finished();
    return result;
  }

  /** As {@link #safetyBackup} for one schema: refused unless asked, a schema dump when asked. */
  private String schemaSafetyBackup(RestoreRequest request, SchemaState state, WorkflowInfo info) {
    if (state.empty()) {
      steps.skip("safety-backup", "schema holds no tables");
      return null;
    }
    if (!request.replace()) {
      throw ApplicationFailure.newNonRetryableFailure("schema " + request.schema() + " of target "
          + request.target() + " is not empty (" + state.tables() + " tables); nothing was changed. Ask to replace"
          + " it (--replace), which takes a safety backup of it first", FailureTypes.DATABASE_NOT_EMPTY);
    }
    String safetyId = BackupIds.next();
    DumpResult safety = steps.run("safety-backup",
        () -> dump.dumpToStorage(new DumpRequest(request.target(), null, safetyId,
            PostgresDumpActivities.SCHEMA_SAFETY_KIND, info.getWorkflowId(), info.getRunId(), request.schema())),
        r -> "safety backup " + r.backupId() + " (" + r.rawBytes() + " bytes)");
    catalog.recordBackup(safety.manifestKey());
    return safetyId;
  }

  /** Refuses to overwrite data unless asked; when asked, keeps a copy of what is overwritten. */
  private String safetyBackup(RestoreRequest request, DatabaseState state, WorkflowInfo info) {
    if (state.empty()) {
      steps.skip("safety-backup", "destination holds no tables");
      return null;
    }
    if (!request.replace()) {
      throw ApplicationFailure.newNonRetryableFailure("database " + request.database() + " of target "
          + request.target() + " is not empty (" + state.userTables() + " tables); nothing was changed. "
          + "Restore into another database, or ask to replace it (--replace), which takes a safety backup first",
          FailureTypes.DATABASE_NOT_EMPTY);
    }
    String safetyId = BackupIds.next();
    DumpResult safety = steps.run("safety-backup",
        () -> dump.dumpToStorage(new DumpRequest(request.target(), request.database(), safetyId,
            PostgresDumpActivities.SAFETY_KIND, info.getWorkflowId(), info.getRunId())),
        r -> "safety backup " + r.backupId() + " (" + r.rawBytes() + " bytes)");
    catalog.recordBackup(safety.manifestKey());
    return safetyId;
  }

  /**
   * The replaced database was kept aside so that a failed swap could put it back; the restore has
   * succeeded, so it goes. Failing to drop it does not fail the restore: the step says what is left.
   */
  private void dropRetired(RestoreRequest request, String retired, boolean replaced) {
    if (!replaced) {
      steps.skip("drop-replaced", "there was no database to replace");
      return;
    }
    try {
      steps.run("drop-replaced", () -> cleanupRestore.dropRetired(request.target(), retired), "dropped " + retired);
    } catch (ActivityFailure e) {
      Workflow.getLogger(RestoreWorkflowImpl.class).warn("{} kept: {}", retired, Failures.message(e));
    }
  }

  /** The run with the backup it restores, which its search attributes now name too. */
  private static RunRecord withBackup(RunRecord run, ResolvedBackup backup) {
    RunAttributes.backup(backup.backupId());
    return new RunRecord(run.workflowId(), run.runId(), run.type(), run.target(), backup.backupId(), run.status(),
        run.startedAt(), null, null, null, backup.rpoObjectiveMillis(), backup.rtoObjectiveMillis(),
        run.requestedBy(), run.reason(), run.error());
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }
}
