package io.lifeboat.worker.tools;

import io.lifeboat.config.TargetConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this machine has the programs the declared targets need. A worker that runs activities
 * checks it before it connects to anything, and {@code lifeboat tools CONFIG} runs the same check
 * without starting: nothing is ever installed at start-up, the operator is told which package to
 * install instead.
 */
public final class ToolCheck {
  private ToolCheck() {}

  /** One requirement and what was found for it: {@code problem} is empty when it is met. */
  public record Finding(ToolRequirement requirement, Optional<InstalledTool> found, Optional<String> problem) {}

  /** Every requirement of {@code targets} against {@code installed}, in the targets' order. */
  public static List<Finding> run(Map<String, TargetConfig> targets, InstalledTools installed) {
    return ToolRequirements.of(targets).stream().map(requirement -> {
      Optional<InstalledTool> found = requirement.lookUp(installed);
      return new Finding(requirement, found, requirement.problem(found));
    }).toList();
  }

  /** The lines that say what is missing or too old, one per problem; empty when all is there. */
  public static List<String> problems(List<Finding> findings) {
    return findings.stream().flatMap(f -> f.problem().stream()).toList();
  }
}
