package io.lifeboat.api.resources;

import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.config.TargetConfig;
import java.util.Map;

/** The targets declared in the configuration, looked up by the name a request gives. */
public final class KnownTargets {
  private final Map<String, TargetConfig> targets;

  public KnownTargets(Map<String, TargetConfig> targets) {
    this.targets = Map.copyOf(targets);
  }

  /** The declared target, or a 404 that lists the declared ones (a typo is the usual cause). */
  public TargetConfig require(String name) {
    TargetConfig target = targets.get(name);
    if (target == null) {
      throw ApiProblem.notFound("target", "unknown target '" + name + "'",
          targets.isEmpty()
              ? "no targets are declared: add one under 'targets' in the configuration file"
              : "declared targets: " + String.join(", ", targets.keySet().stream().sorted().toList()));
    }
    return target;
  }
}
