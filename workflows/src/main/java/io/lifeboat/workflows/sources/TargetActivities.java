package io.lifeboat.workflows.sources;

import io.lifeboat.workflows.restore.RestoreActivities.ResolvedBackup;
import io.temporal.activity.ActivityInterface;

/**
 * What kind of source a target or a backup is, so the backup, verify and restore workflows can
 * take the steps of that kind. Answers from the configuration and the catalog; no side effects.
 */
@ActivityInterface
public interface TargetActivities {
  /** The configured {@code kind} of a target ({@code postgres}, {@code files}, ...). */
  String targetKind(String target);

  /** The storage kind of a backup ({@code pg-dump}, {@code files}, ...), from the catalog. */
  String backupKind(String backupId);

  /**
   * Finds the backup of {@code kind} meant by a selector ("latest", an id, "before:&lt;instant&gt;")
   * for a target of any kind, with the target's objectives.
   */
  ResolvedBackup resolveSourceBackup(String target, String kind, String selector);
}
