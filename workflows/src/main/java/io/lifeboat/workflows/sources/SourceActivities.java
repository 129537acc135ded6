package io.lifeboat.workflows.sources;

import io.temporal.activity.ActivityInterface;

/**
 * The one contract every kind of source (a PostgreSQL database, a tenant schema, a file set, a
 * configuration tree, a Redis server, a PostgreSQL cluster) is backed up, checked and restored
 * through. The worker finds the kind from the configuration (a target) or the catalog (a backup);
 * workflows never name one. Every method is idempotent; the long ones heartbeat progress.
 *
 * <p>A restore is: {@link #resolve} → {@link #checkIntegrity} → {@link #inspect} → (safety backup)
 * → {@link #restoreStaged} → {@link #compare} → {@link #commit} → {@link #dropReplaced}; a failure
 * before the commit {@link #discardStaged}s, one after it {@link #rollback}s.
 */
@ActivityInterface
public interface SourceActivities {
  /** The configured kind of a target, for the run's search attributes. */
  String targetKind(String target);

  /** Stores a new backup of a source, or a safety backup of a destination; an existing one is returned. */
  SourceBackupResult backup(SourceBackupRequest request);

  /** The backup a selector ("latest", an id, "before:&lt;instant&gt;") means for a source. */
  ResolvedBackup resolve(TargetRef source, String selector);

  /** Checks a stored backup without restoring it. */
  IntegrityReport checkIntegrity(String backupId);

  /** What the destination holds now; refuses one that cannot be restored into, saying why. */
  DestinationState inspect(Destination destination);

  /** Restores a backup beside its destination (a staging copy), checking every object on the way. */
  Staged restoreStaged(String backupId, Destination destination, String runToken);

  /** Compares the staged copy with what the backup recorded. */
  Comparison compare(String backupId, Destination destination, Staged staged);

  /**
   * Swaps the staged copy in; what it replaces is kept aside. Never leaves the destination missing:
   * a swap failing halfway puts the old data back before failing.
   */
  Committed commit(String backupId, Destination destination, Staged staged, String runToken);

  /** Undoes {@link #commit}: the old data back in place, the restored copy gone. */
  void rollback(Destination destination, Committed committed);

  /**
   * Deletes what {@link #restoreStaged} of run {@code runToken} staged (also a part it left when it
   * failed) and did not commit; done when it is gone.
   */
  void discardStaged(Destination destination, String runToken);

  /** Deletes what {@link #commit} kept aside, once the run has succeeded; done when it is gone. */
  void dropReplaced(Destination destination, Committed committed);

  /** Restores a backup into scratch, compares it, and removes the scratch copy whatever happens. */
  TestRestoreReport testRestore(String backupId);
}
