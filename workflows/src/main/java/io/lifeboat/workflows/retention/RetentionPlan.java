package io.lifeboat.workflows.retention;

import java.util.List;

/** Every backup of a target with its decision: its own newest first, then each tenant schema's by name, newest first. */
public record RetentionPlan(List<Decision> decisions) {
  public RetentionPlan {
    decisions = List.copyOf(decisions);
  }

  public List<Decision> toDelete() {
    return decisions.stream().filter(d -> !d.keep()).toList();
  }

  public List<Decision> kept() {
    return decisions.stream().filter(Decision::keep).toList();
  }
}
