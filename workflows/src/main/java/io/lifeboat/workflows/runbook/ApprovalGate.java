package io.lifeboat.workflows.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One approve step's decision in the making. Decided once, for good: by the last of the
 * {@code approvals} distinct approvers it needs, by one rejection, by an admin's override, or by
 * its timeout. Every later decision is refused, so a signal arriving late or twice can never
 * change what the run did. The starter never approves their own run (four-eyes); an override is
 * the break-glass way past a gate nobody else can pass, and the API lets only admins send it.
 */
final class ApprovalGate {
  enum Outcome { WAITING, APPROVED, REJECTED, OVERRIDDEN, TIMED_OUT }

  /** What the gate made of a signal: the note recorded in the run's signal log. */
  record Verdict(boolean accepted, String note) {}

  private final Step step;
  private final String startedBy;
  private final List<String> approvers;
  private final int required;
  private final String message;
  private final List<Decision> approvals = new ArrayList<>();
  private Outcome outcome = Outcome.WAITING;
  private Decision decidedBy;

  /** @throws IllegalArgumentException when {@code approvals} is not a whole number from 1 */
  ApprovalGate(Step step, StepArguments with, String startedBy) {
    this.step = step;
    this.startedBy = startedBy;
    this.approvers = with.list("approvers");
    this.required = required(with);
    this.message = with.value("message").orElse(null);
  }

  /** {@code approvals:}, 1 when not given. */
  static int required(StepArguments with) {
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

  Step step() {
    return step;
  }

  Outcome outcome() {
    return outcome;
  }

  boolean decided() {
    return outcome != Outcome.WAITING;
  }

  /** What the step waits for, as progress shows it. */
  String waitingFor() {
    String who = approvers.isEmpty() ? "an approver other than " + startedBy : String.join(" or ", approvers);
    String text = required == 1 ? "approval by " + who
        : required + " approvals by different people (" + who + ")"
            + (approvals.isEmpty() ? "" : "; approved so far by " + names(approvals));
    return text + (message == null ? "" : ": " + message);
  }

  Verdict approve(Decision decision) {
    Optional<Verdict> closed = refusedWhenDecided();
    if (closed.isPresent()) {
      return closed.get();
    }
    if (decision.by().equalsIgnoreCase(startedBy)) {
      return new Verdict(false, "four-eyes: " + decision.by() + " started this run and cannot approve it");
    }
    if (!mayDecide(decision)) {
      return notAnApprover(decision);
    }
    if (approvals.stream().anyMatch(given -> given.by().equalsIgnoreCase(decision.by()))) {
      return new Verdict(false, decision.by() + " already approved step '" + step.name() + "'; it needs " + required
          + " approvals by different people (" + approvals.size() + " so far): another approver must send the next");
    }
    approvals.add(decision);
    if (approvals.size() == required) {
      decide(Outcome.APPROVED, decision);
    }
    return new Verdict(true, "step '" + step.name() + "'"
        + (required == 1 ? "" : ": approval " + approvals.size() + " of " + required));
  }

  /** One rejection by who may approve decides the step at once; approvals given before do not count. */
  Verdict reject(Decision decision) {
    Optional<Verdict> closed = refusedWhenDecided();
    if (closed.isPresent()) {
      return closed.get();
    }
    if (!mayDecide(decision) && !decision.by().equalsIgnoreCase(startedBy)) {
      return notAnApprover(decision);
    }
    decide(Outcome.REJECTED, decision);
    return new Verdict(true, "step '" + step.name() + "' rejected");
  }

  /** Break-glass: passes the gate whoever approved so far; the API lets only admins send it. */
  Verdict override(Decision decision) {
    Optional<Verdict> closed = refusedWhenDecided();
    if (closed.isPresent()) {
      return closed.get();
    }
    if (decision.reason() == null || decision.reason().isBlank()) {
      return new Verdict(false, "an override of step '" + step.name() + "' needs a reason: say why the approval is"
          + " passed over, for the run's record");
    }
    decide(Outcome.OVERRIDDEN, decision);
    return new Verdict(true, overridden());
  }

  /** Called when the approval window closed with the gate still open. */
  void expire() {
    if (!decided()) {
      outcome = Outcome.TIMED_OUT;
    }
  }

  /** The step's detail once approved or overridden. */
  String passed() {
    if (outcome == Outcome.OVERRIDDEN) {
      return overridden();
    }
    if (approvals.size() == 1) {
      return "approved by " + decidedBy.by() + ": " + decidedBy.reason();
    }
    return "approved by " + approvals.stream().map(a -> a.by() + " (" + a.reason() + ")")
        .collect(Collectors.joining(", "));
  }

  /** Why the step failed, once rejected or timed out. */
  String failed() {
    if (outcome == Outcome.REJECTED) {
      return "rejected by " + decidedBy.by() + ": " + decidedBy.reason();
    }
    String window = RunbookDurations.format(step.timeout());
    return required == 1 || approvals.isEmpty()
        ? "no approval within " + window
        : "only " + approvals.size() + " of " + required + " approvals within " + window + " (" + names(approvals) + ")";
  }

  private String overridden() {
    return "OVERRIDDEN by " + decidedBy.by() + ": " + decidedBy.reason();
  }

  private void decide(Outcome decided, Decision decision) {
    outcome = decided;
    decidedBy = decision;
  }

  private Optional<Verdict> refusedWhenDecided() {
    if (!decided()) {
      return Optional.empty();
    }
    String how = switch (outcome) {
      case APPROVED, OVERRIDDEN -> passed();
      case REJECTED, TIMED_OUT -> failed();
      case WAITING -> throw new IllegalStateException();
    };
    return Optional.of(new Verdict(false, "step '" + step.name() + "' was already decided (" + how
        + "); a decision is final" + (outcome == Outcome.APPROVED || outcome == Outcome.OVERRIDDEN
            ? ": abort stops the run" : "")));
  }

  private boolean mayDecide(Decision decision) {
    return approvers.isEmpty() || approvers.contains(decision.by());
  }

  private Verdict notAnApprover(Decision decision) {
    return new Verdict(false,
        decision.by() + " is not an approver of step '" + step.name() + "' (" + String.join(", ", approvers) + ")");
  }

  private static String names(List<Decision> decisions) {
    return decisions.stream().map(Decision::by).collect(Collectors.joining(", "));
  }
}
