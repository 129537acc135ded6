package io.lifeboat.activities.kubernetes;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.TreeMap;

/** The Kubernetes targets declared in the configuration, by name. */
public final class KubernetesTargets {
  private final Map<String, KubernetesTarget> byName;

  public KubernetesTargets(Map<String, KubernetesTarget> byName) {
    this.byName = new TreeMap<>(byName);
  }

  public KubernetesTarget get(String name) {
    KubernetesTarget target = byName.get(name);
    if (target == null) {
      throw ApplicationFailure.newNonRetryableFailure("unknown target '" + name + "'; declared Kubernetes targets: "
          + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
          + " — add it under 'targets:' with kind: kubernetes", FailureTypes.UNKNOWN_TARGET);
    }
    return target;
  }
}
