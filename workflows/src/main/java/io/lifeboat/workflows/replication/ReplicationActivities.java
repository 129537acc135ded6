package io.lifeboat.workflows.replication;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** Off-site copies: object copies between S3 locations, verified by SHA-256 after the copy. */
@ActivityInterface
public interface ReplicationActivities {
  /** The configured off-site locations, by name. */
  List<String> locations();

  /** The locations that take each new backup of {@code target} as soon as it is indexed. */
  List<String> locationsAfterBackup(String target);

  /**
   * Copies a backup's objects to {@code location} (data first, the manifest last, so a copy with
   * a manifest is complete), re-reads each from there to check its SHA-256, and records the copy
   * in the catalog. Idempotent: intact objects already there are not copied again.
   */
  CopyReport copyBackup(String backupId, String location);

  /**
   * Where reads of a backup go now: the primary bucket, or the first intact off-site copy when the
   * primary is unreachable, lacks an object, or was found corrupt.
   */
  ReadSource readSource(String backupId);

  /** Re-reads the copy at {@code location} and records it COPIED or CORRUPT; copies nothing. */
  CopyReport checkCopy(String backupId, String location);
}
