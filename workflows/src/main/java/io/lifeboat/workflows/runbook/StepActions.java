package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.drill.DrillIsolation;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.TargetRef;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private final Map<TargetRef, ResolvedBackup> fetched = new HashMap<>();
  /** The backups a {@code checksum} step checked; a restore of one does not read it twice. */
  private final Set<String> checked = new HashSet<>();
  /**
   * The safety backup each {@code safety-backup} step took, by the name of what it copied ("database
   * orders of target orders"); a restore into that same place takes no second one.
   */
  private final Map<String, String> safetyBackups = new HashMap<>();
  /** What restores replaced, kept for compensation until the run has succeeded. */
  private final List<Functions.Proc> afterSuccess = new ArrayList<>();
  /** Set in a drill: every step is checked against, and pointed at, the drill's scratch places. */
  private final RunbookRequest.DrillMode drill;

  StepActions(String runbook, String workflowId, RunbookRunState state, Saga saga, RunbookRequest.DrillMode drill) {
    this.runbook = runbook;
    this.workflowId = workflowId;
    this.state = state;
    this.saga = saga;
    this.drill = drill;
  }

  /**
   * Performs one attempt of a step and says what it did. In a drill the step is refused unless it
   * reaches only the drill's scratch places, and a restore goes to the scratch place of its kind.
   */
  String perform(Step step, StepArguments bound) {
    StepArguments with = bound;
    if (drill != null) {
      String kind = step.type() == StepType.RESTORE ? drill.targetKinds().get(bound.required("target")) : null;
      DrillIsolation.refusal(step, bound, kind, drill.environment()).ifPresent(why -> {
        throw ApplicationFailure.newNonRetryableFailure("drill refused " + why, FailureTypes.BAD_REQUEST);
      });
      with = DrillIsolation.isolate(step, bound, kind, drill.environment());
    }
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

  /**
   * A safety backup of the source's own place, where its kind takes one; a kind that keeps what a
   * restore replaces beside it (files, configuration, Redis) says so and takes none.
   */
  private String safetyBackup(Step step, StepArguments with) {
    TargetRef source = sourceOf(with);
    DestinationState state = stub(SourceActivities.class, step).inspect(new Destination(source, null));
    if (!state.safetyBackup()) {
      return "no safety backup of " + state.name() + ": its restore keeps what it replaces beside it until the run"
          + " has succeeded";
    }
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
    safetyBackups.put(state.name(), result.backupId());
    return "safety backup " + result.backupId() + " of " + source;
  }

  private String fetch(Step step, StepArguments with) {
    TargetRef source = sourceOf(with);
    ResolvedBackup backup = stub(SourceActivities.class, step).resolve(source,
        StepRequests.backupSelector(with.value("backup").orElse("latest")));
    fetched.put(source, backup);
    return "backup " + backup.backupId() + " of " + source + ", recovery point " + backup.recoveryPoint();
  }

  private String checksum(Step step, StepArguments with) {
    String backupId = backupFor(step, with, false).backupId();
    IntegrityReport report = Workflow.newActivityStub(SourceActivities.class, streaming(step)).checkIntegrity(backupId);
    checked.add(backupId);
    return "backup " + backupId + ": " + report.summary();
  }

  /**
   * The restore every restore runs (a child {@link RestoreWorkflow}: identify, thaw, checksum,
   * inspect, safety backup, restore beside, compare, swap in), keeping what it replaced until this
   * run has succeeded: undoing puts it back.
   */
  private String restore(Step step, StepArguments with) {
    ResolvedBackup backup = backupFor(step, with, true);
    TargetRef source = sourceOf(with);
    String into = with.value("into").or(() -> with.value("database")).orElse(null);
    String to = with.value("to").orElse(null);
    Destination destination = new Destination(source, into, to, false, false);
    RestoreWorkflow child = Workflow.newChildWorkflowStub(RestoreWorkflow.class, ChildWorkflowOptions.newBuilder()
        .setWorkflowId(workflowId + ":restore:" + step.name())
        .setWorkflowRunTimeout(step.timeout())
        .build());
    String safetyBackupId = safetyBackups.isEmpty() ? null
        : safetyBackups.get(stub(SourceActivities.class, step).inspect(destination).name());
    RestoreResult result = child.restore(new RestoreRequest(source, backup.backupId(), into, true, true, null,
        "runbook " + workflowId, safetyBackupId, checked.contains(backup.backupId()), to, false, false));
    Committed committed = new Committed(result.keptAs(), "");
    compensation(step, () -> {
      undo(SourceActivities.class, step).rollback(destination, committed);
      return result.destination() + " put back as it was before the restore";
    });
    afterSuccess.add(() -> stub(SourceActivities.class, step).dropReplaced(destination, committed));
    state.restored(new RestoredBackup(step.name(), source.toString(), backup.backupId(), backup.recoveryPoint(),
        backup.rpoObjectiveMillis(), backup.rtoObjectiveMillis(), Instant.ofEpochMilli(Workflow.currentTimeMillis()),
        result.destination()), Duration.ofMillis(backup.rpoObjectiveMillis()));
    if (result.checked() != null) {
      Comparison checked = result.checked();
      state.checked(new DataCheck(step.name(), checkName(checked.unit()), checked.matches(), checked.describe()));
    }
    return "backup " + backup.backupId() + " restored into " + result.destination() + " (recovery point "
        + backup.recoveryPoint() + ")" + (committed.replaced() ? "; what it replaced is kept as " + committed.keptAs()
        + " until the run succeeds" : "");
  }

  private String healthCheck(Step step, StepArguments with) {
    HealthCheck check = StepRequests.healthCheck(with);
    ActivityOptions options = ActivityOptions.newBuilder(options(step))
        // the check heartbeats after every probe; a lost worker is noticed within a minute
        .setHeartbeatTimeout(check.every().plus(Duration.ofMinutes(1)))
        .build();
    String observed = Workflow.newActivityStub(CheckActivities.class, options).healthCheck(check);
    state.serviceBack(Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    state.checked(new DataCheck(step.name(), "health check", true, observed));
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
    TargetRef source = sourceOf(with);
    ResolvedBackup backup = fetched.get(source);
    if (with.value("backup").isPresent() || (backup == null && latestOtherwise)) {
      ResolvedBackup chosen = stub(SourceActivities.class, step).resolve(source,
          StepRequests.backupSelector(with.value("backup").orElse("latest")));
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

  /** The source a step names: a target, or one schema (tenant) of a PostgreSQL target. */
  private static TargetRef sourceOf(StepArguments with) {
    return new TargetRef(with.required("target"), with.value("schema").orElse(null));
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

  /** What a restore's comparison checked, by what it compared. */
  private static String checkName(String unit) {
    return switch (unit) {
      case "tables", "databases" -> "row counts";
      case "files" -> "file hashes";
      case "keys" -> "sampled keys";
      default -> unit;
    };
  }

  private static String describe(String verb, List<ServiceActivities.ServiceStatus> statuses) {
    return verb + ": " + String.join(", ", statuses.stream().map(s -> s.service() + " (" + s.detail() + ")").toList());
  }
}
