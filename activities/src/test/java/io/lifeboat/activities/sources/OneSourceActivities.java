package io.lifeboat.activities.sources;

import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;

/**
 * {@link SourceActivities} over a single {@link Source}, the registry's dispatch without the
 * registry: tests run a source as Temporal activities, so that it heartbeats and fails as it does
 * on a worker (an {@link io.temporal.failure.ApplicationFailure} arrives wrapped in an
 * {@link io.temporal.failure.ActivityFailure}).
 */
public final class OneSourceActivities implements SourceActivities {
  private final Source source;

  private OneSourceActivities(Source source) {
    this.source = source;
  }

  /** A stub of {@code source} in {@code environment}: one attempt per call, 30 seconds each. */
  public static SourceActivities stub(TestActivityEnvironment environment, Source source) {
    environment.registerActivitiesImplementations(new OneSourceActivities(source));
    return environment.newActivityStub(SourceActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @Override
  public String targetKind(String target) {
    return source.targetKind();
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    return source.backup(request);
  }

  @Override
  public ResolvedBackup resolve(TargetRef target, String selector) {
    return source.resolve(target, selector);
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    return source.checkIntegrity(backupId);
  }

  @Override
  public DestinationState inspect(Destination destination) {
    return source.inspect(destination);
  }

  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    return source.restoreStaged(backupId, destination, runToken);
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    return source.compare(backupId, destination, staged);
  }

  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    return source.commit(backupId, destination, staged, runToken);
  }

  @Override
  public void rollback(Destination destination, Committed committed) {
    source.rollback(destination, committed);
  }

  @Override
  public void discardStaged(Destination destination, Staged staged) {
    source.discardStaged(destination, staged);
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    source.dropReplaced(destination, committed);
  }

  @Override
  public TestRestoreReport testRestore(String backupId) {
    return source.testRestore(backupId);
  }
}
