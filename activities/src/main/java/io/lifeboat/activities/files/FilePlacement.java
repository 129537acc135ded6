package io.lifeboat.activities.files;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each root of a file-set backup is restored, and so where each of its entries goes: the
 * root itself (the original paths), a directory (one root) or a directory per root under it
 * (several), or any directory per root (a staging tree beside each original path).
 */
final class FilePlacement {
  private final Map<String, Path> bases;

  private FilePlacement(Map<String, Path> bases) {
    this.bases = bases;
  }

  /** Every root back at its original path. */
  static FilePlacement original(List<String> roots) {
    Map<String, Path> bases = new LinkedHashMap<>();
    roots.forEach(root -> bases.put(root, Path.of(root)));
    return new FilePlacement(bases);
  }

  /** Under {@code destination}: the one root's content, or each root as a directory of its name. */
  static FilePlacement under(Path destination, List<String> roots) {
    Map<String, Path> bases = new LinkedHashMap<>();
    for (String root : roots) {
      Path name = Path.of(root).getFileName();
      bases.put(root, roots.size() == 1 || name == null ? destination : destination.resolve(name.toString()));
    }
    return new FilePlacement(bases);
  }

  /** Each root in the directory given for it. */
  static FilePlacement of(Map<String, Path> bases) {
    return new FilePlacement(new LinkedHashMap<>(bases));
  }

  /** Where each root goes, by root, in the backup's order. */
  Map<String, Path> bases() {
    return bases;
  }

  /** The place of an entry's root: what is below it is the backup's, what is above is not. */
  Path base(FileEntry entry) {
    Path base = bases.get(entry.root());
    if (base == null) {
      throw ApplicationFailure.newNonRetryableFailure("index entry " + entry.path() + " names root " + entry.root()
          + ", which the index header does not list", FailureTypes.INTEGRITY);
    }
    return base;
  }

  /** Where an entry goes; fails when its index entry would land outside its root's place. */
  Path of(FileEntry entry) {
    Path base = base(entry);
    Path placed = base.resolve(Path.of(entry.root()).relativize(Path.of(entry.path()))).normalize();
    if (!placed.startsWith(base)) {
      throw ApplicationFailure.newNonRetryableFailure("index entry " + entry.path() + " would land outside "
          + base, FailureTypes.INTEGRITY);
    }
    return placed;
  }
}
