package io.lifeboat.workflows.tiers;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Storage classes of backups' data objects by age ({@code storage.tiers}): hot, warm, cold,
 * archive. Manifests and signatures stay in the bucket's default class, readable at once. Every
 * method is idempotent; with no tiers configured they find nothing to do.
 */
@ActivityInterface
public interface StorageTierActivities {
  /** The completed backups of {@code target} whose data objects are in a warmer class than their age calls for. */
  List<String> dueForTransition(String target);

  /** Copies each data object in place into the class the backup's age calls for; objects already there stay. */
  TierChange transition(String backupId);

  /**
   * Asks S3 to restore every data object in an archive class (GLACIER, DEEP_ARCHIVE) that is not
   * readable yet (RestoreObject; asking twice is harmless). True when every object is readable now.
   */
  boolean requestThaw(String backupId);

  /** Whether every archived data object has been restored (HeadObject's x-amz-restore header). */
  boolean thawed(String backupId);

  /** @param objects how many objects this call copied (0 when all were already in {@code storageClass}) */
  record TierChange(String backupId, String storageClass, int objects) {}
}
