package io.lifeboat.activities.postgres;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.TreeMap;

/** The PostgreSQL targets declared in the configuration, by name. */
public final class PostgresTargets {
  private final Map<String, PostgresTarget> byName;

  public PostgresTargets(Map<String, PostgresTarget> byName) {
    this.byName = new TreeMap<>(byName);
  }

  public PostgresTarget get(String name) {
    PostgresTarget target = byName.get(name);
    if (target == null) {
      throw ApplicationFailure.newNonRetryableFailure("unknown target '" + name + "'; declared PostgreSQL targets: "
          + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
          + " — add it under 'targets:' in the configuration", FailureTypes.UNKNOWN_TARGET);
    }
    return target;
  }
}
