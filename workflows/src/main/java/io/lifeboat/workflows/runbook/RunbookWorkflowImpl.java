package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.common.ApprovalGate;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunStatus;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.notify.RunNotifications;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.backup.CatalogActivities.RunRecord;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.drill.DrillIsolation;
import io.lifeboat.workflows.runbook.RunbookProgress.Status;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * Interprets a runbook: stages in order, the steps of a parallel stage at once. Each step is tried
 * {@code retries + 1} times, then its {@code on_failure} applies: continue, pause for an operator,
 * or compensate — undo every registered step in reverse order and fail the run. An approval that
 * is rejected or expires always compensates, and an approve step is never skipped: what waits for
 * a person's word does not go on without it.
 */
public class RunbookWorkflowImpl implements RunbookWorkflow {
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  /** A few quick tries only: a recovery must not wait for the index of runs. */
  private final CatalogActivities catalog = Workflow.newActivityStub(CatalogActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .setSummary("record run in catalog")
          .build());

  private final RunbookRunState state = new RunbookRunState();
  /** Every approve step reached, by name, decided ones kept: a late decision is refused by its gate. */
  private final Map<String, ApprovalGate> approvals = new LinkedHashMap<>();
  /** Failed {@code pause} steps waiting for retry, skip or abort. */
  private final Set<String> paused = new LinkedHashSet<>();
  /** Accepted answers to paused steps, by step name. */
  private final Map<String, Answer> answers = new LinkedHashMap<>();
  /** Names of the runbook's approve steps, which a skip never passes. */
  private final Map<String, Step> approveSteps = new LinkedHashMap<>();
  private String startedBy;
  private Decision abortedBy;
  /** Set when the run is a drill's rehearsal in scratch; null for a real recovery. */
  private RunbookRequest.DrillMode drill;

  private record Answer(String signal, Decision decision) {}

  @Override
  public RunbookProgress run(RunbookRequest request) {
    Runbook runbook = request.runbook();
    startedBy = request.startedBy();
    drill = request.drill();
    runbook.steps().stream().filter(step -> step.type() == StepType.APPROVE)
        .forEach(step -> approveSteps.put(step.name(), step));
    Map<String, String> parameters = parameterValues(runbook, request.parameters(), drill);
    Instant startedAt = now();
    String incidentAt = parameters.getOrDefault(Parameter.INCIDENT_AT, "now");
    String workflowId = Workflow.getInfo().getWorkflowId();
    state.start(runbook, workflowId, startedBy, startedAt,
        incidentAt.equals("now") ? startedAt : Instant.parse(incidentAt), drill != null);
    recordInCatalog();

    Saga saga = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
    StepActions actions = new StepActions(runbook.name(), workflowId, state, saga, drill);
    try {
      for (Stage stage : runbook.stages()) {
        failIfAborted();
        if (stage.parallel()) {
          runParallel(stage, actions, parameters);
        } else {
          runStep(stage.steps().get(0), actions, parameters);
        }
      }
    } catch (ApplicationFailure | CanceledFailure failure) {
      compensate(saga);
      boolean aborted = failure instanceof CanceledFailure
          || failure instanceof ApplicationFailure app && ABORTED.equals(app.getType());
      state.end(aborted ? Status.ABORTED : Status.FAILED, now(), Failures.describe(failure));
      // detached: a cancelled run is still recorded as ended
      Workflow.newDetachedCancellationScope(this::recordInCatalog).run();
      if (drill != null) {
        return state.snapshot(); // the drill reports the failure, with every step as it ended
      }
      throw failure;
    }
    try {
      actions.succeeded();
    } catch (ActivityFailure failure) {
      // The recovery succeeded; what it kept for undoing stays until removed by hand.
      Workflow.getLogger(RunbookWorkflowImpl.class).warn("could not drop what restores kept: {}",
          Failures.describe(failure));
    }
    state.end(Status.SUCCEEDED, now(), null);
    recordInCatalog();
    return state.snapshot();
  }

  /**
   * The run as the catalog lists it, with the RTO and RPO achieved against the objectives. The
   * catalog is an index: a run it failed to record still ran, so a failed write is only logged.
   */
  private void recordInCatalog() {
    if (drill != null) {
      return; // the drill records itself: a rehearsal is no recovery
    }
    RunbookProgress run = state.snapshot();
    RecoveryMeasures measures = run.measures();
    RunStatus status = switch (run.status()) {
      case SUCCEEDED -> RunStatus.COMPLETED;
      case FAILED, ABORTED -> RunStatus.FAILED;
      default -> RunStatus.RUNNING;
    };
    try {
      RunRecord record = new RunRecord(
          run.workflowId(), Workflow.getInfo().getRunId(), RunType.RUNBOOK, null, null, status, run.startedAt(),
          run.endedAt(), millis(measures.achievedRpo()), millis(measures.achievedRto()),
          millis(measures.rpoObjective()), millis(measures.rtoObjective()), run.startedBy(),
          "runbook " + run.runbook(), run.error());
      catalog.recordRun(record);
      if (status != RunStatus.RUNNING) {
        RunNotifications.runEnded(record, List.of());
      }
    } catch (ActivityFailure failure) {
      Workflow.getLogger(RunbookWorkflowImpl.class).warn("run not recorded in the catalog: {}", Failures.describe(failure));
    }
  }

  private static Long millis(Duration duration) {
    return duration == null ? null : duration.toMillis();
  }

  /** Waits for every branch, even after one failed, so compensation sees all that was done. */
  private void runParallel(Stage stage, StepActions actions, Map<String, String> parameters) {
    List<Promise<Void>> branches = new ArrayList<>();
    for (Step step : stage.steps()) {
      branches.add(Async.procedure(() -> runStep(step, actions, parameters)));
    }
    RuntimeException firstFailure = null;
    for (Promise<Void> branch : branches) {
      try {
        branch.get();
      } catch (RuntimeException failure) {
        firstFailure = firstFailure == null ? failure : firstFailure;
      }
    }
    if (firstFailure != null) {
      throw firstFailure;
    }
  }

  private void runStep(Step step, StepActions actions, Map<String, String> parameters) {
    StepArguments with = bind(step, parameters);
    if (drill != null && DrillIsolation.effective(step) == Step.InDrill.RECORD) {
      state.update(step, s -> s.recorded(now(), DrillIsolation.wouldDo(step, with)));
      return;
    }
    int attemptsLeft = step.retries() + 1;
    while (true) {
      failIfAborted();
      state.update(step, s -> s.attempt(now()));
      try {
        String detail = perform(step, with, actions);
        state.update(step, s -> s.done(now(), detail));
        return;
      } catch (ActivityFailure | ChildWorkflowFailure | ApplicationFailure failure) {
        if (isAbort(failure)) {
          throw failure;
        }
        if (failure.getCause() instanceof CanceledFailure) {
          // the run itself was cancelled: no retry, pause or continue, straight to compensation
          throw new CanceledFailure("run cancelled during step '" + step.name() + "'");
        }
        String error = Failures.describe(failure);
        attemptsLeft--;
        if (attemptsLeft > 0 && Failures.retryable(failure)) {
          int failedAttempts = step.retries() + 1 - attemptsLeft;
          state.update(step, s -> s.retrying(error));
          backOff(failedAttempts);
          continue;
        }
        state.update(step, s -> s.failed(now(), error));
        switch (onFailure(step)) {
          case CONTINUE:
            return;
          case COMPENSATE:
            throw ApplicationFailure.newNonRetryableFailure(
                "step '" + step.name() + "' failed: " + error,
                Optional.ofNullable(Failures.type(failure))
                    .filter(type -> type.equals(APPROVAL_TIMED_OUT) || type.equals(APPROVAL_REJECTED))
                    .orElse(STEP_FAILED));
          case PAUSE:
            Answer answer = awaitOperator(step, error);
            if (answer.signal().equals("skip")) {
              state.update(step, s -> s.skipped(now(), "skipped by " + answer.decision().by() + ": "
                  + answer.decision().reason() + " (after: " + error + ")"));
              return;
            }
            attemptsLeft = step.retries() + 1;
            break;
        }
      }
    }
  }

  /**
   * A step's {@code on_failure}. An approve step always compensates: going on after a rejection or
   * an expired approval would act without the approval (the parser refuses another value; this
   * holds for runbooks built otherwise). In a drill whose approvals nobody waits for, nobody
   * answers a pause either: it compensates, so a scheduled drill never hangs.
   */
  private OnFailure onFailure(Step step) {
    if (step.type() == StepType.APPROVE) {
      return OnFailure.COMPENSATE;
    }
    return drill != null && !drill.waitForApprovals() && step.onFailure() == OnFailure.PAUSE
        ? OnFailure.COMPENSATE : step.onFailure();
  }

  private static StepArguments bind(Step step, Map<String, String> parameters) {
    try {
      return step.with().bind(parameters, step.shellArguments());
    } catch (IllegalArgumentException unbound) {
      throw ApplicationFailure.newNonRetryableFailure(
          "step '" + step.name() + "': " + unbound.getMessage(), FailureTypes.BAD_REQUEST);
    }
  }

  private String perform(Step step, StepArguments with, StepActions actions) {
    try {
      return switch (step.type()) {
        case APPROVE -> awaitApproval(step, with);
        case WAIT -> {
          Duration duration = StepRequests.duration(with, "duration", Duration.ZERO);
          Workflow.await(duration, () -> abortedBy != null);
          failIfAborted();
          yield "waited " + RunbookDurations.format(duration);
        }
        default -> actions.perform(step, with);
      };
    } catch (IllegalArgumentException | NoSuchElementException malformed) {
      // a runbook that bypassed the parser; failing the step beats failing workflow tasks forever
      throw ApplicationFailure.newNonRetryableFailure(
          "step '" + step.name() + "' has bad arguments: " + malformed.getMessage(), FailureTypes.BAD_REQUEST);
    }
  }

  private String awaitApproval(Step step, StepArguments with) {
    if (drill != null && !drill.waitForApprovals()) {
      Decision byDrill = new Decision(drill.principal(), "a drill touches nothing real; approved by the drill", step.name());
      record("approve", byDrill, true, "step '" + step.name() + "' (drill)");
      return "approved by " + drill.principal() + ": a drill writes only to scratch it created";
    }
    ApprovalGate gate = new ApprovalGate(step.name(), RunbookDurations.format(step.timeout()), startedBy,
        with.list("approvers"), approvalsRequired(with), with.value("message").orElse(null));
    approvals.put(step.name(), gate);
    state.update(step, s -> s.waiting(gate.waitingFor()));
    Workflow.await(step.timeout(), () -> gate.decided() || abortedBy != null);
    gate.expire(); // closed for good, so a decision arriving now is refused as late
    failIfAborted();
    return switch (gate.outcome()) {
      case APPROVED -> gate.passed();
      case OVERRIDDEN -> {
        Workflow.getLogger(RunbookWorkflowImpl.class).warn("runbook {}: approval step '{}' {}",
            Workflow.getInfo().getWorkflowId(), step.name(), gate.passed());
        yield gate.passed();
      }
      case REJECTED -> throw ApplicationFailure.newNonRetryableFailure(gate.failed(), APPROVAL_REJECTED);
      case TIMED_OUT, WAITING -> throw ApplicationFailure.newNonRetryableFailure(gate.failed(), APPROVAL_TIMED_OUT);
    };
  }

  /** {@code approvals:}, 1 when not given. */
  private static int approvalsRequired(StepArguments with) {
    String written = with.value("approvals").orElse("1");
    int count;
    try {
      count = Integer.parseInt(written);
    } catch (NumberFormatException e) {
      count = 0;
    }
    if (count < 1) {
      throw new IllegalArgumentException("approvals must be a whole number from 1, not '" + written + "'");
    }
    return count;
  }

  private Answer awaitOperator(Step step, String error) {
    paused.add(step.name());
    state.update(step, s -> s.waiting("failed (" + error + "); waiting for an operator to retry, skip or abort"));
    Workflow.await(() -> answers.containsKey(step.name()) || abortedBy != null);
    paused.remove(step.name());
    failIfAborted();
    return answers.remove(step.name());
  }

  /** 1 s after the first failed attempt, doubling up to a minute; abort cuts it short. */
  private void backOff(int failedAttempts) {
    Duration pause = Duration.ofSeconds(1L << Math.min(failedAttempts - 1, 6));
    Workflow.await(pause.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause, () -> abortedBy != null);
  }

  /** Undoes in reverse order in a detached scope, so a cancelled run still cleans up. */
  private void compensate(Saga saga) {
    state.status(Status.COMPENSATING);
    Workflow.newDetachedCancellationScope(() -> {
      try {
        saga.compensate();
      } catch (Saga.CompensationException incomplete) {
        // each failed undo is already recorded on its step; the run's own failure is what to report
        Workflow.getLogger(RunbookWorkflowImpl.class).warn("compensation incomplete", incomplete);
      }
    }).run();
  }

  private void failIfAborted() {
    if (abortedBy != null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "aborted by " + abortedBy.by() + ": " + abortedBy.reason(), ABORTED);
    }
  }

  private static boolean isAbort(RuntimeException failure) {
    return failure instanceof ApplicationFailure app && ABORTED.equals(app.getType());
  }

  @Override
  public RunbookProgress progress() {
    return state.snapshot();
  }

  @Override
  public void approve(Decision decision) {
    answerApproval("approve", decision);
  }

  @Override
  public void reject(Decision decision) {
    answerApproval("reject", decision);
  }

  @Override
  public void override(Decision decision) {
    answerApproval("override", decision);
  }

  @Override
  public void retry(Decision decision) {
    answerPause("retry", decision);
  }

  @Override
  public void skip(Decision decision) {
    answerPause("skip", decision);
  }

  @Override
  public void abort(Decision decision) {
    if (refusedAnonymous("abort", decision)) {
      return;
    }
    if (abortedBy == null) {
      abortedBy = decision;
      record("abort", decision, true, "the run stops at the next step boundary and undoes what it did");
    } else {
      record("abort", decision, false, "already aborted by " + abortedBy.by());
    }
  }

  /** The gate decides; a gate already decided refuses, so the first decision stands. */
  private void answerApproval(String signal, Decision decision) {
    if (refusedAnonymous(signal, decision)) {
      return;
    }
    Optional<ApprovalGate> gate = approvalGate(signal, decision);
    if (gate.isEmpty()) {
      return;
    }
    ApprovalGate.Verdict verdict = switch (signal) {
      case "approve" -> gate.get().approve(decision);
      case "reject" -> gate.get().reject(decision);
      default -> gate.get().override(decision);
    };
    record(signal, decision, verdict.accepted(), verdict.note());
    if (verdict.accepted() && !gate.get().decided()) {
      state.update(approveSteps.get(gate.get().step()), s -> s.waiting(gate.get().waitingFor()));
    }
  }

  /**
   * The gate a decision is for: the step it names (waiting or already decided), else the only one
   * waiting, else, with none waiting, the last one decided (which refuses it as late).
   */
  private Optional<ApprovalGate> approvalGate(String signal, Decision decision) {
    Set<String> open = openApprovals();
    if (decision.step() != null && approvals.containsKey(decision.step())) {
      return Optional.of(approvals.get(decision.step()));
    }
    if (decision.step() == null && open.isEmpty() && !approvals.isEmpty()) {
      return Optional.of(List.copyOf(approvals.values()).get(approvals.size() - 1));
    }
    return waitingStep(signal, decision, open, "approval").map(approvals::get);
  }

  private void answerPause(String signal, Decision decision) {
    if (refusedAnonymous(signal, decision)) {
      return;
    }
    Optional<String> approval = decision.step() != null
        ? Optional.of(decision.step()).filter(approveSteps::containsKey)
        : paused.isEmpty() ? openApprovals().stream().findFirst() : Optional.empty();
    if (signal.equals("skip") && approval.isPresent()) {
      record(signal, decision, false, "step '" + approval.get() + "' is an approval and cannot be skipped: an"
          + " approver approves or rejects it, or an admin overrides it with a reason");
      return;
    }
    waitingStep(signal, decision, paused, "an operator").ifPresent(step -> {
      answers.put(step, new Answer(signal, decision));
      record(signal, decision, true, "step '" + step + "'");
    });
  }

  private Set<String> openApprovals() {
    Set<String> open = new LinkedHashSet<>();
    approvals.forEach((name, gate) -> {
      if (!gate.decided()) {
        open.add(name);
      }
    });
    return open;
  }

  /** The step a signal answers: the one it names, or the only one waiting; refused otherwise. */
  private Optional<String> waitingStep(String signal, Decision decision, Set<String> waiting, String what) {
    if (decision.step() != null) {
      if (waiting.contains(decision.step())) {
        return Optional.of(decision.step());
      }
      record(signal, decision, false, "step '" + decision.step() + "' is not waiting for " + what
          + (waiting.isEmpty() ? "" : "; waiting: " + String.join(", ", waiting)));
      return Optional.empty();
    }
    if (waiting.size() == 1) {
      return Optional.of(waiting.iterator().next());
    }
    record(signal, decision, false, waiting.isEmpty()
        ? "no step is waiting for " + what
        : "several steps wait for " + what + "; name one of: " + String.join(", ", waiting));
    return Optional.empty();
  }

  private boolean refusedAnonymous(String signal, Decision decision) {
    if (decision == null || decision.by() == null || decision.by().isBlank()) {
      record(signal, decision, false, "a decision must say who makes it ('by')");
      return true;
    }
    return false;
  }

  private void record(String signal, Decision decision, boolean accepted, String note) {
    state.signal(new SignalRecord(signal, decision, now(), accepted, note));
  }

  private static Map<String, String> parameterValues(
      Runbook runbook, Map<String, String> supplied, RunbookRequest.DrillMode drill) {
    try {
      Map<String, String> values = runbook.parameterValues(supplied == null ? Map.of() : supplied);
      return drill == null ? values : DrillIsolation.parameters(runbook, values, drill.environment());
    } catch (IllegalArgumentException bad) {
      throw ApplicationFailure.newNonRetryableFailure(bad.getMessage(), FailureTypes.BAD_REQUEST);
    }
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
