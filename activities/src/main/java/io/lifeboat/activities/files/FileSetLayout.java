package io.lifeboat.activities.files;

import io.lifeboat.activities.files.RestoredTreeCheck.RestoredTree;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a restore of a file-set backup goes, by name only (no I/O). It swaps in at its targets —
 * the destination directory, or each original path — and beside each target, on the same
 * filesystem so that a rename moves it, are the staging tree it is restored into
 * ({@code .<name>.lifeboat-staging-<run>}), the tree what it replaces is kept in
 * ({@code .<name>.lifeboat-replaced-<run>}) and the journal of the swap
 * ({@code .<name>.lifeboat-commit}).
 */
final class FileSetLayout {
  private static final String STAGING = ".lifeboat-staging-";
  private static final String REPLACED = ".lifeboat-replaced-";
  private static final String JOURNAL = ".lifeboat-commit";
  private static final int MAX_NAME_BYTES = 255;
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,79}");

  private final List<String> roots;
  private final Path place;

  private FileSetLayout(List<String> roots, Path place) {
    this.roots = List.copyOf(roots);
    this.place = place;
  }

  /** Each root of the backup back at its original path. */
  static FileSetLayout original(List<String> roots) {
    return new FileSetLayout(roots, null);
  }

  /** The backup under one directory, as {@link FilePlacement#under} places it. */
  static FileSetLayout under(Path directory, List<String> roots) {
    return new FileSetLayout(roots, directory);
  }

  /** What the restore swaps in: the destination directory, or each original path. */
  List<Path> targets() {
    return place == null ? roots.stream().map(Path::of).toList() : List.of(place);
  }

  /** The staging tree of each target, in order. */
  List<Path> staged(String token) {
    return targets().stream().map(t -> staged(t, token)).toList();
  }

  /** Where the restore into staging puts each root. */
  FilePlacement staging(String token) {
    if (place != null) {
      return FilePlacement.under(staged(place, token), roots);
    }
    Map<String, Path> bases = new LinkedHashMap<>();
    roots.forEach(root -> bases.put(root, staged(Path.of(root), token)));
    return FilePlacement.of(bases);
  }

  /** Each root's staged tree with the path it goes to. */
  List<RestoredTree> stagedTrees(String token) {
    Map<String, Path> staged = staging(token).bases();
    Map<String, Path> placed = place == null ? FilePlacement.original(roots).bases()
        : FilePlacement.under(place, roots).bases();
    List<RestoredTree> trees = new ArrayList<>();
    roots.forEach(root -> trees.add(new RestoredTree(staged.get(root), placed.get(root))));
    return trees;
  }

  static Path staged(Path target, String token) {
    return beside(target, STAGING + token);
  }

  static Path kept(Path target, String token) {
    return beside(target, REPLACED + token);
  }

  /** The journal of a swap into {@code target} (the first target, when there are several). */
  static Path journal(Path target) {
    return beside(target, JOURNAL);
  }

  /**
   * A hidden name beside {@code target} ending in {@code suffix}; a long name is cut to fit the
   * filesystem's 255 bytes.
   */
  private static Path beside(Path target, String suffix) {
    Path parent = target.getParent();
    Path name = target.getFileName();
    if (parent == null || name == null) {
      throw ApplicationFailure.newNonRetryableFailure("cannot restore to " + target + ": Lifeboat stages a restore"
          + " beside where it goes, and " + target + " has nothing beside it; restore into a directory (a place)"
          + " instead", FailureTypes.BAD_REQUEST);
    }
    String fitted = name.toString();
    int max = MAX_NAME_BYTES - 1 - suffix.getBytes(StandardCharsets.UTF_8).length;
    while (fitted.getBytes(StandardCharsets.UTF_8).length > max) {
      fitted = fitted.substring(0, fitted.length() - 1);
    }
    return parent.resolve("." + fitted + suffix);
  }

  /** The run token names are made with: letters, digits, '_', '.', '-'. */
  static void requireToken(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      throw ApplicationFailure.newNonRetryableFailure("run token '" + token + "' cannot name a staging directory:"
          + " give up to 80 letters, digits, '_', '.' or '-'", FailureTypes.BAD_REQUEST);
    }
  }

  /** {@link io.lifeboat.workflows.sources.Staged#where()}: the staging trees, one a line. */
  static String where(List<Path> staged) {
    return String.join("\n", staged.stream().map(Path::toString).toList());
  }

  /** The staging trees a {@link #where} names; refuses anything that is not one. */
  static List<Path> stagedIn(String where) {
    List<Path> staged = new ArrayList<>();
    for (String line : (where == null ? "" : where).split("\n")) {
      Path path = Path.of(line);
      if (!path.isAbsolute() || path.getFileName() == null || !path.getFileName().toString().contains(STAGING)) {
        throw ApplicationFailure.newNonRetryableFailure("'" + line + "' is not a Lifeboat staging directory of a"
            + " file-set restore", FailureTypes.BAD_REQUEST);
      }
      staged.add(path);
    }
    return staged;
  }

  /** The run token a staging tree was named with. */
  static String tokenOf(Path staged) {
    String name = staged.getFileName().toString();
    return name.substring(name.lastIndexOf(STAGING) + STAGING.length());
  }
}
