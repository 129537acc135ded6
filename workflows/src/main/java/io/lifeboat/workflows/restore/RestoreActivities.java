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
   * Replaces {@code database} with {@code stagingDatabase}: ends sessions, drops the old one,
   * renames the staging one. Done when the staging database is already gone and the target exists.
   */
  void swapIn(String target, String stagingDatabase, String database);

  record ResolvedBackup(
      String backupId, String target, Instant recoveryPoint, long rpoObjectiveMillis, long rtoObjectiveMillis) {}

  record DatabaseState(boolean exists, int userTables, long sizeBytes) {
    public boolean empty() {
      return !exists || userTables == 0;
    }
  }
}
