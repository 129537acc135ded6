package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.impl.ScratchNames;
import io.lifeboat.workflows.restore.RestoreActivities;
import io.lifeboat.workflows.restore.RestoreActivities.ResolvedBackup;
import io.lifeboat.workflows.runbook.SourceSteps.Source;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.tenants.TenantSchemaActivities;
import io.lifeboat.workflows.tenants.TenantSchemaActivities.SchemaState;
import io.lifeboat.workflows.verify.VerifyActivities;
import io.lifeboat.workflows.verify.VerifyActivities.IntegrityReport;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each activity-backed step type does, and the compensation it registers before it acts.
 * Workflow code: activities only, no I/O.
 */
final class StepActions {
  /** Undoing must not give up on the first hiccup: the run is already in trouble. */
  private static final RetryOptions COMPENSATION_RETRIES = RetryOptions.newBuilder()
      .setMaximumAttempts(5)
      .setDoNotRetry(FailureTypes.PERMANENT)
      .build();

  private final String runbook;
  private final String workflowId;
  private final RunbookRunState state;
  private final Saga saga;
  /** The backup each source's {@code fetch} step chose; {@code checksum} and {@code restore} use it. */
  private final Map<Source, ResolvedBackup> fetched = new HashMap<>();
  private final SourceSteps sources = new SourceSteps();
  /** Old copies of databases and tenant schemas, kept for compensation until the run has succeeded. */
  private final List<Functions.Proc> afterSuccess = new ArrayList<>();

  StepActions(String runbook, String workflowId, RunbookRunState state, Saga saga) {
    this.runbook = runbook;
    this.workflowId = workflowId;
    this.state = state;
    this.saga = saga;
  }

  /** Performs one attempt of a step and says what it did. */
  String perform(Step step, StepArguments with) {
    return switch (step.type()) {
      case STOP_SERVICES -> stopServices(step, StepRequests.services(with));
      case START_SERVICES -> describe("started", stub(ServiceActivities.class, step).startServices(StepRequests.services(with)));
      case SAFETY_BACKUP -> safetyBackup(step, with);
      case FETCH -> fetch(step, with);
      case CHECKSUM -> checksum(step, with);
      case RESTORE -> restore(step, with);
      case MIGRATE -> stub(MigrationActivities.class, step).migrate(StepRequests.migration(with));
      case HEALTH_CHECK -> healthCheck(step, with);
      case REDIRECT_TRAFFIC -> redirectTraffic(step, StepRequests.traffic(with));
      case NOTIFY -> notify(step, with);
      case APPROVE, WAIT -> throw new IllegalStateException(step.type() + " is handled by the workflow itself");
    };
  }

  private String stopServices(Step step, ServiceControl control) {
    compensation(step, () -> describe("started again", undo(ServiceActivities.class, step).startServices(control)));
    return describe("stopped", stub(ServiceActivities.class, step).stopServices(control));
  }

  /** Drops what successful restores kept for undoing them; the run has succeeded. */
  void succeeded() {
    afterSuccess.forEach(Functions.Proc::apply);
  }

  private String safetyBackup(Step step, StepArguments with) {
    Source source = Source.of(with);
    // its own id: a scheduled backup of the same target running now must not refuse it
    String id = (source.schema() == null ? BackupWorkflow.workflowId(source.target())
        : BackupWorkflow.workflowId(source.target(), source.schema())) + ":safety:" + workflowId;
    BackupWorkflow backup = Workflow.newChildWorkflowStub(
        BackupWorkflow.class,
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setWorkflowRunTimeout(step.timeout())
            .build());
    String reason = with.value("reason").orElse("safety backup before runbook " + runbook);
    BackupResult result = backup.backup(
        new BackupRequest(source.target(), reason, "runbook " + workflowId, source.schema(), true));
    return "safety backup " + result.backupId() + " of " + source;
  }

  private String fetch(Step step, StepArguments with) {
    Source source = Source.of(with);
    ResolvedBackup backup = sources.resolve(source,
        StepRequests.backupSelector(with.value("backup").orElse("latest")), options(step));
    fetched.put(source, backup);
    return "backup " + backup.backupId() + " of " + source + ", recovery point " + backup.recoveryPoint();
  }

  private String checksum(Step step, StepArguments with) {
    String backupId = backupFor(step, with, false).backupId();
    IntegrityReport report = sources.checksum(Source.of(with), backupId, streaming(step));
    return "backup " + backupId + ": " + report.objectsChecked() + " objects, " + report.storedBytes()
        + " bytes, " + report.archiveEntries() + " archive entries verified";
  }

  private String restore(Step step, StepArguments with) {
    ResolvedBackup backup = backupFor(step, with, true);
    Source source = Source.of(with);
    String kind = sources.kindOf(source, options(step));
    if (source.schema() != null) {
      return restoreSchema(step, source, backup);
    }
    if (!kind.equals(SourceKinds.POSTGRES)) {
      String done = sources.restoreInPlace(kind, backup, with.value("into").orElse(null), streaming(step));
      state.restored(backup.recoveryPoint(), Duration.ofMillis(backup.rpoObjectiveMillis()));
      return "backup " + backup.backupId() + " of " + source + " restored: " + done;
    }
    String target = source.target();
    String database = with.value("database").orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "restoring PostgreSQL target " + target + " needs 'database' (the database to replace), or 'schema' for one"
            + " tenant", FailureTypes.BAD_REQUEST));
    // beside the live database first, so a failed restore leaves it untouched
    String suffix = Workflow.getInfo().getRunId().replace("-", "").substring(0, 8);
    String staging = ScratchNames.beside(database, "__lifeboat_restore_" + suffix);
    String retired = ScratchNames.retired(database, Workflow.getInfo().getRunId());
    compensation(step, () -> {
      undo(VerifyActivities.class, step).dropScratchDatabase(backup.backupId(), staging);
      return "staging database " + staging + " removed";
    });
    RestoreActivities restore = Workflow.newActivityStub(RestoreActivities.class, streaming(step));
    restore.restoreInto(backup.backupId(), target, staging);
    List<String> mismatches = restore.compareRowCounts(backup.backupId(), target, staging);
    if (!mismatches.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "restored rows differ from the backup: " + String.join(", ", mismatches), FailureTypes.VERIFICATION_MISMATCH);
    }
    // A swap half-done puts itself back; a cancelled run waits for it to end before compensating.
    RestoreActivities swap = Workflow.newActivityStub(RestoreActivities.class, ActivityOptions.newBuilder(
        streaming(step)).setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build());
    if (swap.swapIn(target, staging, database, retired)) {
      compensation(step, () -> {
        undo(RestoreActivities.class, step).swapBack(target, database, retired);
        return database + " put back as it was before the restore";
      });
      afterSuccess.add(() -> stub(RestoreActivities.class, step).dropRetired(target, retired));
    } else {
      compensation(step, () -> {
        undo(VerifyActivities.class, step).dropScratchDatabase(backup.backupId(), database);
        return database + " removed: it did not exist before the restore";
      });
    }
    state.restored(backup.recoveryPoint(), Duration.ofMillis(backup.rpoObjectiveMillis()));
    return "backup " + backup.backupId() + " restored into " + database + " (recovery point "
        + backup.recoveryPoint() + ")";
  }

  /**
   * One tenant: restored beside its live schema, compared, swapped in. Undoing drops the staging
   * copy and swaps the old schema back; the old schema is kept until the run has succeeded.
   */
  private String restoreSchema(Step step, Source source, ResolvedBackup backup) {
    String target = source.target();
    String schema = source.schema();
    String suffix = Workflow.getInfo().getRunId().replace("-", "").substring(0, 8);
    String staging = ScratchNames.beside(schema, "__lifeboat_restore_" + suffix);
    TenantSchemaActivities tenants = Workflow.newActivityStub(TenantSchemaActivities.class, streaming(step));
    SchemaState live = tenants.inspectSchema(target, schema);
    String retired = live.exists() ? ScratchNames.retired(schema, Workflow.getInfo().getRunId()) : null;
    compensation(step, () -> {
      undo(TenantSchemaActivities.class, step).dropSchema(target, staging);
      return "staging schema " + staging + " removed";
    });
    tenants.restoreSchemaBeside(backup.backupId(), target, staging);
    List<String> mismatches = tenants.compareSchemaRowCounts(backup.backupId(), target, staging);
    if (!mismatches.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "restored rows differ from the backup: " + String.join(", ", mismatches), FailureTypes.VERIFICATION_MISMATCH);
    }
    compensation(step, () -> {
      undo(TenantSchemaActivities.class, step).swapSchemaBack(target, schema, retired);
      return retired == null ? "restored schema " + schema + " removed" : "old schema " + schema + " swapped back";
    });
    tenants.swapSchemaIn(backup.backupId(), target, schema, staging, retired);
    if (retired != null) {
      afterSuccess.add(() -> stub(TenantSchemaActivities.class, step).dropSchema(target, retired));
    }
    state.restored(backup.recoveryPoint(), Duration.ofMillis(backup.rpoObjectiveMillis()));
    return "backup " + backup.backupId() + " restored into " + source + " (recovery point "
        + backup.recoveryPoint() + ")" + (retired == null ? "" : "; the old one is kept as " + retired
        + " until the run succeeds");
  }

  private String healthCheck(Step step, StepArguments with) {
    HealthCheck check = StepRequests.healthCheck(with);
    ActivityOptions options = ActivityOptions.newBuilder(options(step))
        // the check heartbeats after every probe; a lost worker is noticed within a minute
        .setHeartbeatTimeout(check.every().plus(Duration.ofMinutes(1)))
        .build();
    String observed = Workflow.newActivityStub(CheckActivities.class, options).healthCheck(check);
    state.serviceBack(Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    return observed;
  }

  private String redirectTraffic(Step step, TrafficSwitch trafficSwitch) {
    compensation(step, () -> "traffic sent back: " + undo(TrafficActivities.class, step).sendTrafficBack(trafficSwitch));
    return stub(TrafficActivities.class, step).redirectTraffic(trafficSwitch);
  }

  private String notify(Step step, StepArguments with) {
    stub(NotifyActivities.class, step)
        .sendNotification(new Notification(runbook, workflowId, with.required("message"), with.value("url").orElse(null)));
    return "notified: " + with.required("message");
  }

  /**
   * The backup a step works on: the one it names, else the one a fetch step chose for its target,
   * else (when {@code latestOtherwise}) the latest.
   */
  private ResolvedBackup backupFor(Step step, StepArguments with, boolean latestOtherwise) {
    Source source = Source.of(with);
    ResolvedBackup backup = fetched.get(source);
    if (with.value("backup").isPresent() || (backup == null && latestOtherwise)) {
      ResolvedBackup chosen = sources.resolve(source,
          StepRequests.backupSelector(with.value("backup").orElse("latest")), options(step));
      fetched.put(source, chosen);
      return chosen;
    }
    if (backup == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no backup of " + source + " was fetched: add a fetch step before '" + step.name()
              + "' or give it a backup argument", FailureTypes.BAD_REQUEST);
    }
    return backup;
  }

  /**
   * Registered before the step acts, so a step that timed out halfway is undone too; undo
   * activities are idempotent. The step's progress shows what undoing did.
   */
  private void compensation(Step step, Functions.Func<String> undo) {
    saga.addCompensation(() -> {
      try {
        String done = undo.apply();
        state.update(step, s -> s.compensated(done));
      } catch (RuntimeException failure) {
        state.update(step, s -> s.compensated("undoing failed: " + Failures.describe(failure)));
        throw failure;
      }
    });
  }

  private <T> T stub(Class<T> activities, Step step) {
    return Workflow.newActivityStub(activities, options(step));
  }

  /**
   * For the activities that stream a backup and heartbeat as they go: a worker lost in the middle
   * is noticed within {@link ActivityDefaults#HEARTBEAT}, not at the step's timeout, and the step
   * is tried again on another worker.
   */
  private static ActivityOptions streaming(Step step) {
    return ActivityOptions.newBuilder(options(step)).setHeartbeatTimeout(ActivityDefaults.HEARTBEAT).build();
  }

  private <T> T undo(Class<T> activities, Step step) {
    return Workflow.newActivityStub(
        activities,
        ActivityOptions.newBuilder(options(step))
            .setSummary("undo " + step.name())
            .setRetryOptions(COMPENSATION_RETRIES)
            .build());
  }

  /**
   * One attempt per activity call: the workflow retries the step itself, so the progress query
   * can show every attempt and its error.
   */
  private static ActivityOptions options(Step step) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(step.timeout())
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .setSummary(step.name())
        .build();
  }

  private static String describe(String verb, List<ServiceActivities.ServiceStatus> statuses) {
    return verb + ": " + String.join(", ", statuses.stream().map(s -> s.service() + " (" + s.detail() + ")").toList());
  }
}
