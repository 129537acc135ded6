package io.lifeboat.workflows.runbook;

import java.time.Duration;
import java.util.Set;

/**
 * One step of a runbook.
 *
 * @param timeout how long one attempt may take (for {@code approve}: how long to wait for a person)
 * @param retries further attempts after a failed one, before {@code onFailure} applies
 * @param drill what the step does in a drill; null: its type's default (see {@link InDrill})
 */
public record Step(
    String name, StepType type, StepArguments with, Duration timeout, int retries, OnFailure onFailure,
    InDrill drill) {
  public Step(String name, StepType type, StepArguments with, Duration timeout, int retries, OnFailure onFailure) {
    this(name, type, with, timeout, retries, onFailure, null);
  }

  /** The arguments that are shell commands: the values of parameters put into them are shell-quoted. */
  public Set<String> shellArguments() {
    return switch (type) {
      case MIGRATE -> Set.of("command");
      case STOP_SERVICES, START_SERVICES -> "command".equals(with.values().get("provider"))
          ? Set.of("start", "stop", "status") : Set.of();
      default -> Set.of();
    };
  }

  /**
   * {@code run}: the step runs, against scratch places only (a step reaching anything else is
   * refused); {@code record}: the drill records what the step would have done and goes on.
   */
  public enum InDrill { RUN, RECORD }
}
