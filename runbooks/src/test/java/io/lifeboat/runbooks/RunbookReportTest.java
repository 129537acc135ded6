package io.lifeboat.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.workflows.runbook.Decision;
import io.lifeboat.workflows.runbook.RecoveryMeasures;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookStepState;
import io.lifeboat.workflows.runbook.RunbookStepState.State;
import io.lifeboat.workflows.runbook.SignalRecord;
import io.lifeboat.workflows.runbook.StepType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunbookReportTest {
  static final Instant T0 = Instant.parse("2026-01-31T02:10:00Z");

  static final RunbookProgress FINISHED = new RunbookProgress(
      "postgres-restore", "runbook:postgres-restore:42", "alice", RunbookProgress.Status.FAILED, T0,
      T0.plusSeconds(400), null,
      List.of(
          new RunbookStepState("stop app", null, StepType.STOP_SERVICES, State.DONE, 1, T0, T0.plusSeconds(5),
              "stopped: app.service (inactive)", null, "started again: app.service (active)"),
          new RunbookStepState("restore orders", "restore all", StepType.RESTORE, State.DONE, 2, T0.plusSeconds(5),
              T0.plusSeconds(305), "backup b1 restored | swapped", null, null),
          new RunbookStepState("healthy", null, StepType.HEALTH_CHECK, State.FAILED, 1, T0.plusSeconds(305),
              T0.plusSeconds(400), null, "503 from http://app/health", null),
          new RunbookStepState("start app", null, StepType.START_SERVICES, State.PENDING, 0, null, null, null, null,
              null)),
      List.of(new SignalRecord("approve", Decision.of("alice", "mine"), T0, false,
          "four-eyes: alice started this run and cannot approve it")),
      RecoveryMeasures.of(Instant.parse("2026-01-31T02:00:00Z"), Instant.parse("2026-01-31T01:00:00Z"), null,
          Duration.ofMinutes(30), Duration.ofMinutes(45)),
      "step 'healthy' failed: 503 from http://app/health");

  @Test
  void timelineHasEachStepsDuration() {
    RunbookReport report = RunbookReport.of(FINISHED);

    assertThat(report.duration()).isEqualTo(Duration.ofSeconds(400));
    assertThat(report.timeline()).extracting(RunbookReport.Entry::duration)
        .containsExactly(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofSeconds(95), null);
    assertThat(report.measures().rpoMet()).isFalse();
    assertThat(report.measures().rtoMet()).isNull();
  }

  @Test
  void markdownShowsObjectivesTimelineUndoneStepsAndSignals() {
    String markdown = RunbookReportMarkdown.render(RunbookReport.of(FINISHED));

    assertThat(markdown)
        .startsWith("# Runbook postgres-restore: FAILED\n")
        .contains("**Error:** step 'healthy' failed: 503 from http://app/health")
        .contains("| RTO | 30m | — | not measured |")
        .contains("| RPO | 45m | 1h | **no** |")
        .contains("| restore all / restore orders | restore | DONE | 2 | 2026-01-31T02:10:05Z | 5m |"
            + " backup b1 restored \\| swapped |")
        .contains("| healthy | health-check | FAILED | 1 | 2026-01-31T02:15:05Z | 1m35s | error: 503 from http://app/health |")
        .contains("- stop app: started again: app.service (active)")
        .contains("approve by alice (\"mine\"): refused, four-eyes: alice started this run and cannot approve it");
  }
}
