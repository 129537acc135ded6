package io.lifeboat.activities.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What differs between two snapshots of a file set, by the content hashes of their indexes:
 * regular files added, removed, and modified (same path, other SHA-256). Paths are the original
 * absolute paths, sorted.
 */
public record FileChanges(List<String> added, List<String> removed, List<String> modified) {
  /**
   * How a backup's warning of a configuration tree modified behind the operator's back begins; its
   * run's end notifies it.
   */
  public static final String UNEXPECTED_MODIFICATION = "unexpected modification since the previous backup of ";

  /** How many lines {@link #lines()} gives at most, so a result stays small in a workflow history. */
  static final int MAX_LINES = 200;

  static final FileChanges NONE = new FileChanges(List.of(), List.of(), List.of());

  /** @param before and {@code after}: SHA-256 of each regular file, by path */
  static FileChanges between(Map<String, String> before, Map<String, String> after) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    for (String path : paths) {
      String was = before.get(path);
      String is = after.get(path);
      if (was == null) {
        added.add(path);
      } else if (is == null) {
        removed.add(path);
      } else if (!Objects.equals(was, is)) {
        modified.add(path);
      }
    }
    return new FileChanges(List.copyOf(added), List.copyOf(removed), List.copyOf(modified));
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && modified.isEmpty();
  }

  /** One line per change ("modified /etc/app.yaml"), modifications first, at most {@value #MAX_LINES}. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    modified.forEach(p -> lines.add("modified " + p));
    added.forEach(p -> lines.add("added " + p));
    removed.forEach(p -> lines.add("removed " + p));
    if (lines.size() > MAX_LINES) {
      int more = lines.size() - MAX_LINES + 1;
      List<String> capped = new ArrayList<>(lines.subList(0, MAX_LINES - 1));
      capped.add("... and " + more + " more changes");
      return capped;
    }
    return lines;
  }
}
