package io.lifeboat.activities.cluster;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The PostgreSQL clusters declared in the configuration, by name. */
public final class ClusterTargets {
  private final Map<String, ClusterTarget> byName;

  public ClusterTargets(Map<String, ClusterTarget> byName) {
    this.byName = new TreeMap<>(byName);
  }

  public ClusterTarget get(String name) {
    return find(name).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("unknown target '" + name
        + "'; declared PostgreSQL clusters: " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
        + " — add it under 'targets:' with kind: postgres-cluster", FailureTypes.UNKNOWN_TARGET));
  }

  public Optional<ClusterTarget> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<ClusterTarget> all() {
    return byName.values();
  }
}
