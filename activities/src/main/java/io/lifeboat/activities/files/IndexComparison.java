package io.lifeboat.activities.files;

import io.lifeboat.manifest.Sha256;
import io.lifeboat.workflows.sources.Comparison;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Restored files read back and compared with the backup's index: each regular file's size and
 * SHA-256, each symlink's target, each directory's presence; anything else under the restored
 * roots is reported too. Mismatches name the backed-up path.
 */
final class IndexComparison {
  static final String UNIT = "files";
  private static final int SHOWN = 20;
  private static final int BUFFER = 1 << 18;

  private IndexComparison() {}

  /**
   * @param alreadyReported backed-up paths whose mismatch is known already (the restore found it):
   *     not reported again
   */
  static Comparison compare(List<FileEntry> entries, FilePlacement placement, Set<String> alreadyReported,
      LongConsumer progress) {
    List<String> mismatches = new ArrayList<>();
    Set<Path> expected = new HashSet<>();
    long files = 0;
    long[] bytes = {0};
    byte[] buffer = new byte[BUFFER];
    MessageDigest sha256 = Sha256.newDigest();
    try {
      for (FileEntry e : entries) {
        Path placed = placement.of(e);
        expected.add(placed);
        if (e.isFile()) {
          files++;
        }
        if (alreadyReported.contains(e.path())) {
          continue;
        }
        String problem = problem(e, placed, sha256, buffer, bytes, progress);
        if (problem != null) {
          mismatches.add(e.path() + ": " + problem);
        }
      }
      for (Path base : placement.bases().values()) {
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (Stream<Path> all = Files.walk(base)) {
          all.filter(p -> !expected.contains(p)).forEach(p -> mismatches.add(p + ": not in the backup"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the restored files: " + e.getMessage(), e);
    }
    return new Comparison(UNIT, files, shown(mismatches));
  }

  /** What differs at {@code placed} from entry {@code e}; null when nothing does. */
  private static String problem(FileEntry e, Path placed, MessageDigest sha256, byte[] buffer, long[] bytes,
      LongConsumer progress) throws IOException {
    Map<String, Object> a;
    try {
      a = Files.readAttributes(placed, "isRegularFile,isDirectory,isSymbolicLink,size", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException missing) {
      return "missing";
    }
    if (e.isDirectory()) {
      return (Boolean) a.get("isDirectory") ? null : "is not a directory";
    }
    if (e.isSymlink()) {
      if (!(Boolean) a.get("isSymbolicLink")) {
        return "is not a symlink";
      }
      String link = Files.readSymbolicLink(placed).toString();
      return link.equals(e.link()) ? null : "links to " + link + " but the backup recorded " + e.link();
    }
    if (!(Boolean) a.get("isRegularFile")) {
      return "is not a regular file";
    }
    long size = (Long) a.get("size");
    if (size != e.size()) {
      return size + " bytes but the backup recorded " + e.size();
    }
    sha256.reset();
    try (InputStream in = Files.newInputStream(placed, LinkOption.NOFOLLOW_LINKS)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
        bytes[0] += n;
        progress.accept(bytes[0]);
      }
    }
    String actual = Sha256.hex(sha256);
    return actual.equals(e.sha256()) ? null : "SHA-256 " + actual + " but the backup recorded " + e.sha256();
  }

  private static List<String> shown(List<String> mismatches) {
    if (mismatches.size() <= SHOWN) {
      return List.copyOf(mismatches);
    }
    List<String> shown = new ArrayList<>(mismatches.subList(0, SHOWN));
    shown.add("and " + (mismatches.size() - SHOWN) + " more");
    return List.copyOf(shown);
  }
}
