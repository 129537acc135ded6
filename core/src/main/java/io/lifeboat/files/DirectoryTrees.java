package io.lifeboat.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Whole directory trees: scratch directories, staged restores, test and benchmark folders. */
public final class DirectoryTrees {
  private DirectoryTrees() {}

  /**
   * Deletes {@code dir} and everything under it, not following symlinks; succeeds when it does not
   * exist. Read-only entries are made writable first (a restored tree keeps its modes).
   */
  public static void delete(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (!Files.isSymbolicLink(p)) {
          p.toFile().setWritable(true);
        }
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the directories of a tree that hold nothing but empty directories, deepest first, and
   * leaves anything else (a file, a link) where it is: for trees that should be empty by now.
   *
   * @return whether the tree is gone
   */
  public static boolean deleteIfOnlyDirectories(Path tree) {
    if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
      return !Files.exists(tree, LinkOption.NOFOLLOW_LINKS);
    }
    try (Stream<Path> paths = Files.walk(tree)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          try {
            Files.delete(p);
          } catch (DirectoryNotEmptyException e) {
            // something other than a directory is inside: kept, and so is every directory above it
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + tree + ": " + e.getMessage(), e);
    }
    return !Files.exists(tree, LinkOption.NOFOLLOW_LINKS);
  }
}
