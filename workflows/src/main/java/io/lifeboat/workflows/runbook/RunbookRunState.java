package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.common.RunAttributes;
import io.lifeboat.workflows.runbook.RunbookProgress.Status;
import io.lifeboat.workflows.runbook.RunbookStepState.State;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Everything the progress query shows, kept up to date by the workflow as the run goes, and
 * mirrored into the run's current details and search attributes for the Temporal web UI.
 */
final class RunbookRunState {
  private final Map<String, RunbookStepState> steps = new LinkedHashMap<>();
  private final List<SignalRecord> signals = new ArrayList<>();
  private final List<RestoredBackup> restored = new ArrayList<>();
  private final List<DataCheck> checks = new ArrayList<>();
  private String runbook;
  private String workflowId;
  private String startedBy;
  private Objectives objectives;
  private Status status = Status.STARTING;
  private Instant startedAt;
  private Instant endedAt;
  private Instant incidentAt;
  private Instant recoveryPoint;
  private Instant serviceBackAt;
  private Duration targetRpo;
  private String error;

  void start(Runbook plan, String id, String by, Instant at, Instant incident, boolean drill) {
    runbook = plan.name();
    workflowId = id;
    startedBy = by;
    objectives = plan.objectives();
    startedAt = at;
    incidentAt = incident;
    status = Status.RUNNING;
    for (Stage stage : plan.stages()) {
      for (Step step : stage.steps()) {
        steps.put(step.name(), RunbookStepState.pending(step, stage.parallel() ? stage.name() : null));
      }
    }
    RunAttributes.started(drill ? "DRILL" : "RUNBOOK", null, by);
    RunAttributes.runbook(plan.name());
    publish();
  }

  void update(Step step, UnaryOperator<RunbookStepState> change) {
    steps.computeIfPresent(step.name(), (name, current) -> change.apply(current));
    publish();
  }

  void signal(SignalRecord record) {
    signals.add(record);
  }

  /**
   * The oldest recovery point restored decides the run's RPO; the target's own RPO objective
   * applies when the runbook declares none.
   */
  void restored(RestoredBackup backup, Duration rpoObjectiveOfTarget) {
    restored.add(backup);
    Instant point = backup.recoveryPoint();
    if (recoveryPoint == null || point.isBefore(recoveryPoint)) {
      recoveryPoint = point;
    }
    if (rpoObjectiveOfTarget != null && !rpoObjectiveOfTarget.isZero()
        && (targetRpo == null || rpoObjectiveOfTarget.compareTo(targetRpo) < 0)) {
      targetRpo = rpoObjectiveOfTarget;
    }
  }

  void checked(DataCheck check) {
    checks.add(check);
  }

  void serviceBack(Instant at) {
    serviceBackAt = at;
  }

  void status(Status now) {
    status = now;
    publish();
  }

  void end(Status finalStatus, Instant at, String why) {
    status = finalStatus;
    endedAt = at;
    error = why;
    publish();
    RunAttributes.outcome(finalStatus == Status.SUCCEEDED ? "COMPLETED" : finalStatus.name());
  }

  /** The steps as Markdown, the way the web UI shows a run's current details. */
  private void publish() {
    RunbookProgress now = snapshot();
    StringBuilder text = new StringBuilder("**runbook ").append(runbook).append("**: ")
        .append(now.status().name().toLowerCase(Locale.ROOT));
    if (now.waitingFor() != null) {
      text.append(" (waiting for ").append(now.waitingFor()).append(')');
    }
    text.append("\n\n");
    for (RunbookStepState step : steps.values()) {
      text.append("- ").append(step.state().name().toLowerCase(Locale.ROOT)).append(": ").append(step.name());
      if (step.detail() != null) {
        text.append(" — ").append(step.detail().length() > 200 ? step.detail().substring(0, 200) + "…" : step.detail());
      }
      text.append('\n');
    }
    Workflow.setCurrentDetails(text.toString());
  }

  RunbookProgress snapshot() {
    List<RunbookStepState> stepList = List.copyOf(steps.values());
    String waitingFor = stepList.stream()
        .filter(step -> step.state() == State.WAITING)
        .map(step -> step.name() + ": " + step.detail())
        .collect(Collectors.joining("; "));
    Status shown = status == Status.RUNNING && !waitingFor.isEmpty() ? Status.WAITING : status;
    if (objectives == null) {
      return new RunbookProgress(null, null, null, status, null, null, null, List.of(), List.copyOf(signals), null, null);
    }
    RecoveryMeasures measures = RecoveryMeasures.of(
        incidentAt, recoveryPoint, serviceBackAt, objectives.rto(),
        objectives.rpo() != null ? objectives.rpo() : targetRpo);
    return new RunbookProgress(
        runbook, workflowId, startedBy, shown, startedAt, endedAt, waitingFor.isEmpty() ? null : waitingFor,
        stepList, List.copyOf(signals), measures, error, List.copyOf(restored), List.copyOf(checks));
  }
}
