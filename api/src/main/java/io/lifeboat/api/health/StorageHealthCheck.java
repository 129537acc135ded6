package io.lifeboat.api.health;

import com.codahale.metrics.health.HealthCheck;
import java.util.concurrent.Callable;

/**
 * The backup bucket answers. The probe comes from whoever holds a storage client (the worker),
 * so the API reports storage health without depending on the storage code.
 */
public final class StorageHealthCheck extends HealthCheck {
  public static final String NAME = "storage";

  private final Callable<?> probe;

  /** {@code probe} returns anything (shown as the healthy message) or throws when storage is unusable. */
  public StorageHealthCheck(Callable<?> probe) {
    this.probe = probe;
  }

  @Override
  protected Result check() {
    try {
      Object answer = probe.call();
      return answer == null ? Result.healthy() : Result.healthy("%s", answer);
    } catch (Exception e) {
      return Result.unhealthy("%s", e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }
}
