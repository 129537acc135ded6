package io.lifeboat.activities.sources;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.workflows.sources.SourceActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@link Source} run as a worker runs it — through {@link SourceActivitiesImpl} and a registry
 * of that source alone — so that it heartbeats and fails as it does on a worker (an
 * {@link io.temporal.failure.ApplicationFailure} arrives wrapped in an
 * {@link io.temporal.failure.ActivityFailure}).
 */
public final class OneSourceActivities {
  private OneSourceActivities() {}

  /**
   * A stub of {@code source} serving target {@code target} in {@code environment}: one attempt per
   * call, 30 seconds each.
   */
  public static SourceActivities stub(TestActivityEnvironment environment, Source source, String target,
      Catalog catalog) {
    environment.registerActivitiesImplementations(new SourceActivitiesImpl(
        new SourceRegistry(Map.of(target, source.targetKind()), catalog, List.of(source))));
    return environment.newActivityStub(SourceActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }
}
