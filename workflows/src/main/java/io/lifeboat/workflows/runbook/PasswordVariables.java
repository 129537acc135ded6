package io.lifeboat.workflows.runbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The worker's environment variables a runbook may name as {@code password_env}
 * ({@code runbooks.passwordVariables}). Without this list a runbook, or a run parameter put into
 * one, could name the decryption key's variable or the S3 secret and have the worker send it as a
 * password to a host the run names. Checked when a run starts and again by the activity that reads
 * the variable.
 */
public record PasswordVariables(Set<String> allowed) {
  public static final String CONFIG_KEY = "runbooks.passwordVariables";

  public PasswordVariables {
    allowed = Set.copyOf(allowed);
  }

  public static PasswordVariables none() {
    return new PasswordVariables(Set.of());
  }

  /** Why {@code variable} may not be read, with the fix; empty when it is listed. */
  public Optional<Refusal> refusal(String variable) {
    if (allowed.contains(variable)) {
      return Optional.empty();
    }
    return Optional.of(new Refusal("password_env names " + variable + ", which runbooks may not read ("
        + (allowed.isEmpty() ? CONFIG_KEY + " lists none" : "allowed: " + String.join(", ", new TreeSet<>(allowed)))
        + ")", "if " + variable + " holds a database password, add it to " + CONFIG_KEY
        + " in the configuration and restart"));
  }

  /**
   * Every step of {@code runbook} whose {@code password_env}, with the run's parameters put in,
   * names a variable runbooks may not read.
   */
  public List<Refusal> refusals(Runbook runbook, Map<String, String> parameters) {
    List<Refusal> refusals = new ArrayList<>();
    for (Step step : runbook.steps()) {
      step.with().value("password_env").ifPresent(named -> {
        String variable = StepArguments.substitute(named, parameters);
        refusal(variable).ifPresent(r -> refusals.add(new Refusal("step '" + step.name() + "': " + r.problem(),
            r.fix())));
      });
    }
    return refusals;
  }

  /** A refused variable: the problem, and what the operator does about it. */
  public record Refusal(String problem, String fix) {
    /** Both in one line, for a failure message. */
    public String line() {
      return problem + "; " + fix;
    }
  }
}
