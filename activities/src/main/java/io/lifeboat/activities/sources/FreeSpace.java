package io.lifeboat.activities.sources;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a filesystem of this machine has room for what a restore writes, checked before it
 * writes anything: a restore that fills a disk half-way leaves the operator two problems.
 */
public final class FreeSpace {
  /** Room kept free beyond what the restore needs, for the filesystem and whatever else writes there. */
  static final long MARGIN = 64L * 1024 * 1024;

  private FreeSpace() {}

  public static boolean enough(long needed, long free) {
    return needed <= 0 || free - MARGIN >= needed;
  }

  /**
   * Refuses, naming both sizes, when the filesystem holding {@code directory} (or its nearest
   * existing parent) has less than {@code needed} bytes free; {@code what} names the restore.
   */
  public static void require(Path directory, long needed, String what) {
    Path existing = directory.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return;
    }
    long free;
    try {
      free = Files.getFileStore(existing).getUsableSpace();
    } catch (IOException e) {
      return; // unseen: the restore's own write errors will say it
    }
    if (!enough(needed, free)) {
      throw ApplicationFailure.newNonRetryableFailure(what + " needs " + needed + " bytes and the filesystem of "
          + existing + " has " + free + " bytes free; nothing was changed. Free space there, or restore into"
          + " another directory (--into, or a destination with --to)", FailureTypes.BAD_REQUEST);
    }
  }
}
