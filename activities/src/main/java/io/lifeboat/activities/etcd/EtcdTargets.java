package io.lifeboat.activities.etcd;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.TreeMap;

/** The etcd targets declared in the configuration, by name. */
public final class EtcdTargets {
  private final Map<String, EtcdTarget> byName;

  public EtcdTargets(Map<String, EtcdTarget> byName) {
    this.byName = new TreeMap<>(byName);
  }

  public EtcdTarget get(String name) {
    EtcdTarget target = byName.get(name);
    if (target == null) {
      throw ApplicationFailure.newNonRetryableFailure("unknown target '" + name + "'; declared etcd targets: "
          + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
          + " — add it under 'targets:' with kind: etcd", FailureTypes.UNKNOWN_TARGET);
    }
    return target;
  }
}
