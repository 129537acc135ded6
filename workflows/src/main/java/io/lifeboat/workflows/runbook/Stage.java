package io.lifeboat.workflows.runbook;

import java.util.List;

/** One entry of a runbook's step list: a single step, or a named group whose steps run in parallel. */
public record Stage(String name, boolean parallel, List<Step> steps) {
  public static Stage single(Step step) {
    return new Stage(step.name(), false, List.of(step));
  }
}
