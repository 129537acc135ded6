package io.lifeboat.workflows.drill;

import io.lifeboat.workflows.runbook.DataCheck;
import io.lifeboat.workflows.runbook.RestoredBackup;
import io.lifeboat.workflows.runbook.RunbookDurations;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookStepState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a drill and writes its report from what the rehearsal did. Achieved RTO: drill start →
 * the last health check passed in scratch (without one, the last restore done); achieved RPO:
 * drill start − the oldest recovery point restored. A drill passes when every step is done or
 * recorded, every check passed and every objective is met. Pure code.
 */
public final class DrillOutcome {
  /** What the drill knows when it ends. */
  public record Facts(
      String drillId,
      DrillRequest request,
      DrillPlan plan,
      Instant startedAt,
      Instant endedAt,
      DrillReport.Step prepare,
      RunbookProgress rehearsal,
      String failure,
      DrillEnvironment environment,
      boolean kept,
      Instant teardownStartedAt,
      String teardown) {}

  public static DrillReport report(Facts facts) {
    Instant start = facts.startedAt();
    RunbookProgress run = facts.rehearsal();
    List<DrillReport.Step> steps = new ArrayList<>();
    steps.add(facts.prepare());
    List<DrillReport.Check> checks = new ArrayList<>();
    List<DrillReport.Target> targets = new ArrayList<>();
    List<String> unfinished = new ArrayList<>();
    Long rto = null;
    Long rpo = null;
    Long rtoObjective = facts.plan() == null ? null : facts.plan().runbook().objectives().rto().toMillis();
    Long rpoObjective = facts.plan() == null || facts.plan().runbook().objectives().rpo() == null ? null
        : facts.plan().runbook().objectives().rpo().toMillis();
    if (run != null) {
      for (RunbookStepState step : run.steps()) {
        steps.add(new DrillReport.Step(step.name(), step.group(), step.type().yamlName(),
            step.state().name().toLowerCase(Locale.ROOT), step.startedAt(), step.endedAt(),
            between(start, step.startedAt()), between(step.startedAt(), step.endedAt()), step.attempts(),
            step.detail(), step.error()));
        if (step.state() == RunbookStepState.State.FAILED && step.type().yamlName().equals("health-check")) {
          checks.add(new DrillReport.Check(step.name(), "health check", false, step.error()));
        }
        if (step.state() != RunbookStepState.State.DONE && step.state() != RunbookStepState.State.RECORDED) {
          unfinished.add(step.name() + " " + step.state().name().toLowerCase(Locale.ROOT)
              + (step.error() == null ? "" : ": " + step.error()));
        }
      }
      for (DataCheck check : run.checks()) {
        checks.add(new DrillReport.Check(check.step(), check.what(), check.passed(), check.detail()));
      }
      Instant oldest = null;
      Instant lastRestore = null;
      for (RestoredBackup restored : run.restored()) {
        // a backup that finished after the drill started (resolved later) lost nothing: 0, not negative
        long achievedRpo = Math.max(0, Duration.between(restored.recoveryPoint(), start).toMillis());
        long restoredAfter = Duration.between(start, restored.restoredAt()).toMillis();
        targets.add(new DrillReport.Target(restored.target(), restored.backupId(), restored.recoveryPoint(),
            achievedRpo, objective(restored.rpoObjectiveMillis()), met(achievedRpo, restored.rpoObjectiveMillis()),
            restoredAfter, objective(restored.rtoObjectiveMillis()), met(restoredAfter, restored.rtoObjectiveMillis())));
        oldest = oldest == null || restored.recoveryPoint().isBefore(oldest) ? restored.recoveryPoint() : oldest;
        lastRestore = lastRestore == null || restored.restoredAt().isAfter(lastRestore) ? restored.restoredAt()
            : lastRestore;
        boolean ownRpo = facts.plan() != null && facts.plan().runbook().objectives().rpo() != null;
        if (!ownRpo && restored.rpoObjectiveMillis() > 0
            && (rpoObjective == null || restored.rpoObjectiveMillis() < rpoObjective)) {
          rpoObjective = restored.rpoObjectiveMillis(); // the runbook has none: the strictest target's applies
        }
      }
      Instant healthy = run.measures() == null ? null : run.measures().serviceBackAt();
      Instant serviceBack = healthy != null ? healthy : lastRestore;
      rto = serviceBack == null ? null : Duration.between(start, serviceBack).toMillis();
      rpo = oldest == null ? null : Math.max(0, Duration.between(oldest, start).toMillis());
    }
    steps.add(new DrillReport.Step("tear down scratch environment", null, "drill", facts.kept() ? "kept" : "done",
        facts.teardownStartedAt(), facts.endedAt(), between(start, facts.teardownStartedAt()),
        between(facts.teardownStartedAt(), facts.endedAt()), 1, facts.teardown(), null));
    Boolean rtoMet = rto == null || rtoObjective == null ? null : rto <= rtoObjective;
    Boolean rpoMet = rpo == null || rpoObjective == null ? null : rpo <= rpoObjective;
    String failure = facts.failure() != null ? facts.failure()
        : run != null && run.status() != RunbookProgress.Status.SUCCEEDED ? run.error() : null;
    List<String> missed = new ArrayList<>();
    if (failure != null) {
      missed.add(failure);
    }
    if (failure == null) {
      unfinished.forEach(step -> missed.add("step " + step));
    }
    checks.stream().filter(c -> !c.passed()).forEach(c -> missed.add("check failed: " + c.step() + ": " + c.detail()));
    if (Boolean.FALSE.equals(rtoMet)) {
      missed.add("RTO missed: " + format(rto) + " > " + format(rtoObjective));
    }
    if (Boolean.FALSE.equals(rpoMet)) {
      missed.add("RPO missed: " + format(rpo) + " > " + format(rpoObjective));
    }
    targets.stream().filter(t -> Boolean.FALSE.equals(t.rpoMet())).forEach(t -> missed.add("RPO of " + t.target()
        + " missed: " + format(t.achievedRpoMillis()) + " > " + format(t.rpoObjectiveMillis())));
    targets.stream().filter(t -> Boolean.FALSE.equals(t.rtoMet())).forEach(t -> missed.add("RTO of " + t.target()
        + " missed: restored after " + format(t.restoredMillis()) + " > " + format(t.rtoObjectiveMillis())));
    if (run != null && run.restored().isEmpty() && failure == null) {
      missed.add("nothing was restored: the drill proved nothing; give the runbook a restore step");
    }
    boolean passed = missed.isEmpty();
    String verdict = passed
        ? "passed: RTO " + format(rto) + " of " + format(rtoObjective) + ", RPO " + format(rpo) + " of "
            + format(rpoObjective)
        : "failed: " + String.join("; ", missed);
    DrillRequest request = facts.request();
    return new DrillReport(facts.drillId(), request.subject(), request.runbook() == null, request.startedBy(),
        request.reason(), start, facts.endedAt(), passed, verdict, rtoObjective, rpoObjective, rto, rpo, rtoMet,
        rpoMet, steps, targets, checks,
        facts.environment() == null ? List.of()
            : facts.environment().places().stream().map(ScratchPlace::describe).toList(),
        facts.kept(), facts.teardown(), failure,
        // a pass vouches only for what was restored; a failure counts against every target rehearsed
        passed ? targets.stream().map(DrillReport.Target::target).distinct().sorted().toList()
            : facts.plan() == null ? List.of() : facts.plan().targetKinds().keySet().stream().sorted().toList());
  }

  private static Long between(Instant from, Instant to) {
    return from == null || to == null ? null : Duration.between(from, to).toMillis();
  }

  private static Long objective(long millis) {
    return millis > 0 ? millis : null;
  }

  private static Boolean met(long achieved, long objective) {
    return objective > 0 ? achieved <= objective : null;
  }

  /** A duration as an operator reads it in one line: whole seconds from a second up ("5s", "3m12s"). */
  static String format(Long millis) {
    if (millis == null) {
      return "unmeasured";
    }
    return RunbookDurations.format(Duration.ofMillis(millis < 1000 ? millis : Math.round(millis / 1000.0) * 1000));
  }

  private DrillOutcome() {}
}
