package io.lifeboat.activities.files;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * The directories a file restore writes into, below the place a root is restored to, each looked
 * at without following links: a symbolic link among them (planted in the destination, pointing to
 * /etc, say) would make the restore write outside that place, so it is refused. The place itself
 * may be a link, as the operator or the target names it. A backup never holds entries below a
 * symlink of its own (it keeps a link as a link, not what it points to), so a link met here is
 * never one the backup is restoring.
 */
final class LinkFreeDirectories {
  private LinkFreeDirectories() {}

  /** Fails when a directory between {@code base} and {@code directory} is a link; creates nothing. */
  static void check(Path base, Path directory) throws IOException {
    Path current = base;
    for (Path name : below(base, directory)) {
      current = current.resolve(name);
      BasicFileAttributes attributes;
      try {
        attributes = Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException absent) {
        return; // nothing below it exists yet
      }
      refuseUnlessDirectory(base, current, attributes, "nothing was restored");
    }
  }

  /**
   * Creates {@code directory} and the directories between it and {@code base}, failing as
   * {@link #check} does on a link, also one that appeared since.
   */
  static void create(Path base, Path directory) throws IOException {
    Files.createDirectories(base);
    Path current = base;
    for (Path name : below(base, directory)) {
      current = current.resolve(name);
      try {
        Files.createDirectory(current); // never follows a link: an existing one makes it fail
        continue;
      } catch (FileAlreadyExistsException exists) {
        // looked at below
      }
      refuseUnlessDirectory(base, current,
          Files.readAttributes(current, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), "the restore stopped");
    }
  }

  private static Iterable<Path> below(Path base, Path directory) {
    if (!directory.startsWith(base)) {
      throw new IllegalArgumentException(directory + " is not below " + base);
    }
    return directory.equals(base) ? List.of() : base.relativize(directory);
  }

  private static void refuseUnlessDirectory(Path base, Path path, BasicFileAttributes attributes, String outcome)
      throws IOException {
    if (attributes.isSymbolicLink()) {
      throw ApplicationFailure.newNonRetryableFailure(path + " is a symbolic link (to " + Files.readSymbolicLink(path)
          + ") where the backup has a directory, inside the restore's destination " + base + "; " + outcome
          + ", as a restore never writes through a link: remove the link (or move it aside), or restore into an"
          + " empty directory", FailureTypes.BAD_REQUEST);
    }
    if (!attributes.isDirectory()) {
      throw ApplicationFailure.newNonRetryableFailure(path + " is a file where the backup has a directory, inside the"
          + " restore's destination " + base + "; " + outcome + ": move the file aside, or restore into an empty"
          + " directory", FailureTypes.BAD_REQUEST);
    }
  }
}
