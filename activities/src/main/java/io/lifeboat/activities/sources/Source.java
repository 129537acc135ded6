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
import java.util.Set;

/**
 * One kind of source, as {@link SourceActivities} reaches it through {@link SourceRegistry}: a new
 * kind is a configuration class, one implementation of this, and its line in the registry. Every
 * method is idempotent and heartbeats (through {@link io.lifeboat.activities.backup.Heartbeat})
 * when it can run long; failures an operator must act on are non-retryable
 * {@link io.temporal.failure.ApplicationFailure}s naming the problem and the fix. See
 * {@link SourceActivities} for what each step means.
 */
public interface Source {
  /** The configuration's {@code kind} of the targets it serves ({@code postgres}, {@code files}...). */
  String targetKind();

  /** Whether it serves one schema of a target ({@link TargetRef#schema()} set) rather than the whole. */
  default boolean perSchema() {
    return false;
  }

  /** The storage kinds of the backups it writes and reads (its safety kinds included). */
  Set<String> backupKinds();

  SourceBackupResult backup(SourceBackupRequest request);

  ResolvedBackup resolve(TargetRef source, String selector);

  IntegrityReport checkIntegrity(String backupId);

  DestinationState inspect(Destination destination);

  Staged restoreStaged(String backupId, Destination destination, String runToken);

  Comparison compare(String backupId, Destination destination, Staged staged);

  Committed commit(String backupId, Destination destination, Staged staged, String runToken);

  void rollback(Destination destination, Committed committed);

  void discardStaged(Destination destination, String runToken);

  void dropReplaced(Destination destination, Committed committed);

  TestRestoreReport testRestore(String backupId);
}
