package io.lifeboat.activities.files;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counts of one file-set backup; the manifest keeps them in {@code rowCounts}. */
final class FileCounts {
  long files;
  long directories;
  long symlinks;
  long bytes;
  /** Files whose content this backup stored (new or changed). */
  long changed;
  /** Files whose content an earlier backup stored. */
  long reused;
  /** Bytes of file content this backup stored (before compression). */
  long stored;
  long skipped;
  long warnings;
  /** Regular files added, removed and modified (other content) since the parent backup. */
  long added;
  long removed;
  long modified;

  Map<String, Long> asMap() {
    Map<String, Long> map = new LinkedHashMap<>();
    map.put("files", files);
    map.put("directories", directories);
    map.put("symlinks", symlinks);
    map.put("bytes", bytes);
    map.put("changedFiles", changed);
    map.put("reusedFiles", reused);
    map.put("storedFileBytes", stored);
    map.put("skipped", skipped);
    map.put("addedFiles", added);
    map.put("removedFiles", removed);
    map.put("modifiedFiles", modified);
    return map;
  }

  static FileCounts of(Map<String, Long> map) {
    FileCounts counts = new FileCounts();
    if (map != null) {
      counts.files = map.getOrDefault("files", 0L);
      counts.directories = map.getOrDefault("directories", 0L);
      counts.symlinks = map.getOrDefault("symlinks", 0L);
      counts.bytes = map.getOrDefault("bytes", 0L);
      counts.changed = map.getOrDefault("changedFiles", 0L);
      counts.reused = map.getOrDefault("reusedFiles", 0L);
      counts.stored = map.getOrDefault("storedFileBytes", 0L);
      counts.skipped = map.getOrDefault("skipped", 0L);
      counts.added = map.getOrDefault("addedFiles", 0L);
      counts.removed = map.getOrDefault("removedFiles", 0L);
      counts.modified = map.getOrDefault("modifiedFiles", 0L);
    }
    return counts;
  }

  String summary() {
    return files + " files (" + bytes + " bytes), " + directories + " directories, " + symlinks + " symlinks; "
        + changed + " files stored, " + reused + " unchanged and referenced"
        + (added + removed + modified == 0 ? ""
            : "; since the previous backup " + added + " added, " + removed + " removed, " + modified + " modified");
  }
}
