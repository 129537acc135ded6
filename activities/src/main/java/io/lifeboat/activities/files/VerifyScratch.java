package io.lifeboat.activities.files;

import io.lifeboat.files.DirectoryTrees;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;

/**
 * Where test restores of file-set backups go: {@code lifeboat-verify-<backup>} in the target's
 * scratch directory (the system's temporary directory for a target no longer configured).
 */
final class VerifyScratch {
  private static final String PREFIX = "lifeboat-verify-";

  private final FileSetTargets targets;

  VerifyScratch(FileSetTargets targets) {
    this.targets = targets;
  }

  Path directory(String target, String backupId) {
    return root(target).resolve(PREFIX + backupId);
  }

  /** Deletes a scratch directory; refuses anything else. */
  void remove(String target, Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    if (dir.getFileName() == null || !dir.getFileName().toString().startsWith(PREFIX)
        || !dir.startsWith(root(target))) {
      throw ApplicationFailure.newNonRetryableFailure("refusing to delete " + dir + ": not a Lifeboat scratch"
          + " directory", FailureTypes.BAD_REQUEST);
    }
    DirectoryTrees.delete(dir);
  }

  private Path root(String target) {
    return targets.find(target).map(FileSetTarget::scratchDirectory)
        .orElse(Path.of(System.getProperty("java.io.tmpdir"))).toAbsolutePath().normalize();
  }
}
