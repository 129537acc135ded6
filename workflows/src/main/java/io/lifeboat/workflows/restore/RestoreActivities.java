package io.lifeboat.workflows.restore;

import io.temporal.activity.ActivityInterface;
import java.time.Instant;
import java.util.List;

/** Steps of a PostgreSQL restore. Each is idempotent. */
@ActivityInterface
public interface RestoreActivities {
  /** Finds the backup meant by a selector ("latest", an id, "before:&lt;instant&gt;") for a target. */
  ResolvedBackup resolveBackup(String target, String selector);

  /** Whether {@code database} exists on the target's server and how many user tables it holds. */
  DatabaseState inspectDatabase(String target, String database);

  /** Streams the backup into {@code stagingDatabase}, created afresh. */
  void restoreInto(String backupId, String target, String stagingDatabase);

  /** Compares the restored database's row counts with the manifest; returns mismatches. */
  List<String> compareRowCounts(String backupId, String target, String database);

  /**
   * Swaps {@code stagingDatabase} in as {@code database}, keeping the live one aside as {@code
   * retiredDatabase} (ending its sessions): there is never a moment without a database, and a
   * failed second rename puts the live one back. Done when the staging database is already gone and
   * {@code database} exists. The retired copy stays until {@link #dropRetired} or {@link #swapBack}.
   *
   * @return whether a live database was set aside (false: there was none to replace)
   */
  boolean swapIn(String target, String stagingDatabase, String database, String retiredDatabase);

  /** Undoes {@link #swapIn}: the restored {@code database} is dropped and the retired one renamed back. */
  void swapBack(String target, String database, String retiredDatabase);

  /** Drops the copy {@link #swapIn} kept aside, once the run has succeeded; done when it is gone. */
  void dropRetired(String target, String retiredDatabase);

  record ResolvedBackup(
      String backupId, String target, Instant recoveryPoint, long rpoObjectiveMillis, long rtoObjectiveMillis) {}

  record DatabaseState(boolean exists, int userTables, long sizeBytes) {
    public boolean empty() {
      return !exists || userTables == 0;
    }
  }
}
