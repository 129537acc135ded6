package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.config.ConfigSetActivities;
import io.lifeboat.workflows.files.FileSetActivities;
import io.lifeboat.workflows.files.FileSetActivities.FilesRestoreReport;
import io.lifeboat.workflows.files.FileSetActivities.FilesRestoreRequest;
import io.lifeboat.workflows.redis.RedisActivities;
import io.lifeboat.workflows.redis.RedisActivities.RedisCheckReport;
import io.lifeboat.workflows.restore.RestoreActivities;
import io.lifeboat.workflows.restore.RestoreActivities.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.TargetActivities;
import io.lifeboat.workflows.tenants.TenantSchemaActivities;
import io.lifeboat.workflows.verify.VerifyActivities;
import io.lifeboat.workflows.verify.VerifyActivities.IntegrityReport;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.HashMap;
import java.util.Map;

/**
 * What {@code fetch}, {@code checksum} and {@code restore} call for each kind of source: a
 * PostgreSQL database, one tenant schema of it, a Redis server, a file set or a configuration
 * tree.
 */
final class SourceSteps {
  private final Map<String, String> kinds = new HashMap<>();

  /** The source a step names: a target, or one schema (tenant) of a PostgreSQL target. */
  record Source(String target, String schema) {
    static Source of(StepArguments with) {
      return new Source(with.required("target"), with.value("schema").orElse(null));
    }

    /** How the step's progress names it. */
    @Override
    public String toString() {
      return schema == null ? target : "schema " + schema + " of " + target;
    }
  }

  /** The configured kind of the target, looked up once per run. */
  String kindOf(Source source, ActivityOptions options) {
    String kind = kinds.get(source.target());
    if (kind == null) {
      kind = Workflow.newActivityStub(TargetActivities.class, options).targetKind(source.target());
      kinds.put(source.target(), kind);
    }
    if (source.schema() != null && !kind.equals(SourceKinds.POSTGRES)) {
      throw ApplicationFailure.newNonRetryableFailure("target " + source.target() + " is of kind " + kind + "; only"
          + " PostgreSQL targets have schemas: leave out 'schema'", FailureTypes.BAD_REQUEST);
    }
    return kind;
  }

  ResolvedBackup resolve(Source source, String selector, ActivityOptions options) {
    String kind = kindOf(source, options);
    if (source.schema() != null) {
      return Workflow.newActivityStub(TenantSchemaActivities.class, options)
          .resolveSchemaBackup(source.target(), source.schema(), selector);
    }
    if (kind.equals(SourceKinds.POSTGRES)) {
      return Workflow.newActivityStub(RestoreActivities.class, options).resolveBackup(source.target(), selector);
    }
    return Workflow.newActivityStub(TargetActivities.class, options).resolveSourceBackup(source.target(), kind, selector);
  }

  IntegrityReport checksum(Source source, String backupId, ActivityOptions options) {
    return switch (kindOf(source, options)) {
      case SourceKinds.FILES, SourceKinds.CONFIG ->
          Workflow.newActivityStub(FileSetActivities.class, options).checkFiles(backupId);
      case SourceKinds.REDIS -> Workflow.newActivityStub(RedisActivities.class, options).checkRedis(backupId);
      default -> Workflow.newActivityStub(VerifyActivities.class, options).checkIntegrity(backupId);
    };
  }

  /**
   * Restores a file set or configuration tree (into {@code into}, or over the original paths when
   * null; a configuration backup is validated first), or a Redis server. Says what it did.
   */
  String restoreInPlace(String kind, ResolvedBackup backup, String into, ActivityOptions options) {
    String backupId = backup.backupId();
    if (kind.equals(SourceKinds.REDIS)) {
      RedisCheckReport report = Workflow.newActivityStub(RedisActivities.class, options).restoreRedis(backupId);
      if (!report.mismatches().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("restored Redis data differs from backup " + backupId + ": "
            + String.join("; ", report.mismatches()), FailureTypes.VERIFICATION_MISMATCH);
      }
      return report.keys() + " keys loaded into " + report.where();
    }
    if (kind.equals(SourceKinds.CONFIG)) {
      Workflow.newActivityStub(ConfigSetActivities.class, options).validateConfig(backupId);
    }
    FilesRestoreReport report = Workflow.newActivityStub(FileSetActivities.class, options)
        .restoreFiles(new FilesRestoreRequest(backupId, null, into));
    if (!report.mismatches().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("restored files differ from backup " + backupId + ": "
          + String.join("; ", report.mismatches()), FailureTypes.VERIFICATION_MISMATCH);
    }
    return report.files() + " files, " + report.bytes() + " bytes into "
        + (into == null ? "the original paths" : into);
  }
}
