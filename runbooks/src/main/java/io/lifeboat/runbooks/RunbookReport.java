package io.lifeboat.runbooks;

import io.lifeboat.workflows.runbook.RecoveryMeasures;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookStepState;
import io.lifeboat.workflows.runbook.SignalRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a run did, for people and for the catalog: the timeline of its steps with their durations,
 * and the RTO and RPO it achieved against the objectives. Built from the run's final progress;
 * plain data, so it serializes to JSON as is. {@link RunbookReportMarkdown} renders it.
 */
public record RunbookReport(
    String runbook,
    String workflowId,
    String startedBy,
    RunbookProgress.Status status,
    Instant startedAt,
    Instant endedAt,
    Duration duration,
    List<Entry> timeline,
    RecoveryMeasures measures,
    List<SignalRecord> signals,
    String error) {

  /** One step on the timeline; {@code duration} is null for a step that did not end. */
  public record Entry(
      String step,
      String group,
      String type,
      RunbookStepState.State state,
      int attempts,
      Instant startedAt,
      Instant endedAt,
      Duration duration,
      String detail,
      String error,
      String compensation) {}

  public static RunbookReport of(RunbookProgress run) {
    List<Entry> timeline = run.steps().stream()
        .map(step -> new Entry(
            step.name(), step.group(), step.type().yamlName(), step.state(), step.attempts(), step.startedAt(),
            step.endedAt(), between(step.startedAt(), step.endedAt()), step.detail(), step.error(),
            step.compensation()))
        .toList();
    return new RunbookReport(
        run.runbook(), run.workflowId(), run.startedBy(), run.status(), run.startedAt(), run.endedAt(),
        between(run.startedAt(), run.endedAt()), timeline, run.measures(), run.signals(), run.error());
  }

  private static Duration between(Instant start, Instant end) {
    return start == null || end == null ? null : Duration.between(start, end);
  }
}
