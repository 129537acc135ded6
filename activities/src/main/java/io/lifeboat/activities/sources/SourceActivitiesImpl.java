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

/** Every step of the source contract, handed to the source of the target or backup it names. */
public class SourceActivitiesImpl implements SourceActivities {
  private final SourceRegistry sources;

  public SourceActivitiesImpl(SourceRegistry sources) {
    this.sources = sources;
  }

  @Override
  public String targetKind(String target) {
    return sources.targetKind(target);
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    return sources.of(request.source()).backup(request);
  }

  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    return sources.of(source).resolve(source, selector);
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    return sources.ofBackup(backupId).checkIntegrity(backupId);
  }

  @Override
  public DestinationState inspect(Destination destination) {
    return sources.of(destination.source()).inspect(destination);
  }

  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    return sources.of(destination.source()).restoreStaged(backupId, destination, runToken);
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    return sources.of(destination.source()).compare(backupId, destination, staged);
  }

  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    return sources.of(destination.source()).commit(backupId, destination, staged, runToken);
  }

  @Override
  public void rollback(Destination destination, Committed committed) {
    sources.of(destination.source()).rollback(destination, committed);
  }

  @Override
  public void discardStaged(Destination destination, String runToken) {
    sources.of(destination.source()).discardStaged(destination, runToken);
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    sources.of(destination.source()).dropReplaced(destination, committed);
  }

  @Override
  public TestRestoreReport testRestore(String backupId) {
    return sources.ofBackup(backupId).testRestore(backupId);
  }
}
