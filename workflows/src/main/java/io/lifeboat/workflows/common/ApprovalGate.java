package io.lifeboat.workflows.common;

import io.lifeboat.workflows.runbook.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One approval's decision in the making: a runbook's approve step, or a restore that replaces data.
 * Decided once, for good: by the last of the
 * {@code approvals} distinct approvers it needs, by one rejection, by an admin's override, or by
 * its timeout. Every later decision is refused, so a signal arriving late or twice can never
 * change what the run did. The starter never approves their own run (four-eyes); an override is
 * the break-glass way past a gate nobody else can pass, and the API lets only admins send it.
 * Workflow-side and deterministic: it holds no clock, the workflow closes it when its window ends.
 */
public final class ApprovalGate {
  public enum Outcome { WAITING, APPROVED, REJECTED, OVERRIDDEN, TIMED_OUT }

  /** What the gate made of a signal: the note recorded in the run's signal log. */
  public record Verdict(boolean accepted, String note) {}

  private final String step;
  private final String window;
  private final String startedBy;
  private final List<String> approvers;
  private final int required;
  private final String message;
  private final List<Decision> approvals = new ArrayList<>();
  private Outcome outcome = Outcome.WAITING;
  private Decision decidedBy;

  /**
   * @param step the name of the step that waits, as messages name it
   * @param window how long it waits, as a timeout's message says it ("1h")
   * @param startedBy who started the run: never one of its approvers
   * @param approvers who may approve; empty: anyone but the starter
   * @param required how many distinct approvers pass it, from 1
   * @param message what the approvers are asked, or null
   */
  public ApprovalGate(String step, String window, String startedBy, List<String> approvers, int required,
      String message) {
    if (required < 1) {
      throw new IllegalArgumentException("approvals must be a whole number from 1, not '" + required + "'");
    }
    this.step = step;
    this.window = window;
    this.startedBy = startedBy;
    this.approvers = List.copyOf(approvers);
    this.required = required;
    this.message = message;
  }

  public String step() {
    return step;
  }

  public Outcome outcome() {
    return outcome;
  }

  public boolean decided() {
    return outcome != Outcome.WAITING;
  }

  /** What the step waits for, as progress shows it. */
  public String waitingFor() {
    String who = approvers.isEmpty() ? "an approver other than " + startedBy : String.join(" or ", approvers);
    String text = required == 1 ? "approval by " + who
        : required + " approvals by different people (" + who + ")"
            + (approvals.isEmpty() ? "" : "; approved so far by " + names(approvals));
    return text + (message == null ? "" : ": " + message);
  }

  public Verdict approve(Decision decision) {
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
      return new Verdict(false, decision.by() + " already approved step '" + step + "'; it needs " + required
          + " approvals by different people (" + approvals.size() + " so far): another approver must send the next");
    }
    approvals.add(decision);
    if (approvals.size() == required) {
      decide(Outcome.APPROVED, decision);
    }
    return new Verdict(true, "step '" + step + "'"
        + (required == 1 ? "" : ": approval " + approvals.size() + " of " + required));
  }

  /** One rejection by who may approve decides the step at once; approvals given before do not count. */
  public Verdict reject(Decision decision) {
    Optional<Verdict> closed = refusedWhenDecided();
    if (closed.isPresent()) {
      return closed.get();
    }
    if (!mayDecide(decision) && !decision.by().equalsIgnoreCase(startedBy)) {
      return notAnApprover(decision);
    }
    decide(Outcome.REJECTED, decision);
    return new Verdict(true, "step '" + step + "' rejected");
  }

  /** Break-glass: passes the gate whoever approved so far; the API lets only admins send it. */
  public Verdict override(Decision decision) {
    Optional<Verdict> closed = refusedWhenDecided();
    if (closed.isPresent()) {
      return closed.get();
    }
    if (decision.reason() == null || decision.reason().isBlank()) {
      return new Verdict(false, "an override of step '" + step + "' needs a reason: say why the approval is"
          + " passed over, for the run's record");
    }
    decide(Outcome.OVERRIDDEN, decision);
    return new Verdict(true, overridden());
  }

  /** Called when the approval window closed with the gate still open. */
  public void expire() {
    if (!decided()) {
      outcome = Outcome.TIMED_OUT;
    }
  }

  /** The step's detail once approved or overridden. */
  public String passed() {
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
  public String failed() {
    if (outcome == Outcome.REJECTED) {
      return "rejected by " + decidedBy.by() + ": " + decidedBy.reason();
    }
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
    return Optional.of(new Verdict(false, "step '" + step + "' was already decided (" + how
        + "); a decision is final" + (outcome == Outcome.APPROVED || outcome == Outcome.OVERRIDDEN
            ? ": abort stops the run" : "")));
  }

  private boolean mayDecide(Decision decision) {
    return approvers.isEmpty() || approvers.contains(decision.by());
  }

  private Verdict notAnApprover(Decision decision) {
    return new Verdict(false,
        decision.by() + " is not an approver of step '" + step + "' (" + String.join(", ", approvers) + ")");
  }

  private static String names(List<Decision> decisions) {
    return decisions.stream().map(Decision::by).collect(Collectors.joining(", "));
  }
}
