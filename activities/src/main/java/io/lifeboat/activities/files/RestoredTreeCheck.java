package io.lifeboat.activities.files;

import java.nio.file.Path;
import java.util.List;

/**
 * A check of restored files before they are used — before a staged restore is reported ready to
 * swap in, before a test restore is reported good: a configuration tree's validation, say.
 */
@FunctionalInterface
public interface RestoredTreeCheck {
  /** No check beyond the SHA-256 of every file. */
  RestoredTreeCheck NONE = (backupId, target, trees) -> null;

  /**
   * @param backupId the backup restored
   * @param target its target
   * @param trees each restored root on disk, with the path it stands for (where it goes, or where
   *     it was backed up from), for messages
   * @return what was checked, for the step's summary; null when nothing was
   * @throws io.temporal.failure.ApplicationFailure non-retryable, naming what is wrong, when the
   *     files must not be used
   */
  String check(String backupId, String target, List<RestoredTree> trees);

  /** A restored root: where it is on disk, and the path it stands for. */
  record RestoredTree(Path onDisk, Path standsFor) {}
}
