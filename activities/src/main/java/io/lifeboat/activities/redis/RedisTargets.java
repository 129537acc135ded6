package io.lifeboat.activities.redis;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The Redis targets declared in the configuration, by name. */
public final class RedisTargets {
  private final Map<String, RedisTarget> byName;

  public RedisTargets(Map<String, RedisTarget> byName) {
    this.byName = new TreeMap<>(byName);
  }

  public RedisTarget get(String name) {
    return find(name).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("unknown target '" + name
        + "'; declared Redis targets: " + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
        + " — add it under 'targets:' with kind: redis", FailureTypes.UNKNOWN_TARGET));
  }

  public Optional<RedisTarget> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }
}
