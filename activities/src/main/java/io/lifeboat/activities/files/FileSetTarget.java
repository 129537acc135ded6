package io.lifeboat.activities.files;

import io.lifeboat.workflows.sources.SourceKinds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A declared set of directories: the absolute paths to back up, the glob patterns to leave out,
 * where verifications restore to, and the recovery objectives.
 *
 * @param excludes a pattern without '/' matches a name at any depth ({@code *.tmp}, {@code cache});
 *     one with '/' matches the path relative to its root ({@code logs/**})
 * @param kind the target and storage kind: {@code files}, or {@code config} for a configuration tree
 * @param includes patterns (as {@code excludes}) a file or symlink must match to be backed up;
 *     empty: everything not excluded. Directories are always walked.
 */
public record FileSetTarget(
    String name, List<Path> paths, List<String> excludes, Path scratchDirectory, Duration rpo, Duration rto,
    String kind, List<String> includes) {

  /** A {@code files} target: everything under its paths but the excludes. */
  public FileSetTarget(
      String name, List<Path> paths, List<String> excludes, Path scratchDirectory, Duration rpo, Duration rto) {
    this(name, paths, excludes, scratchDirectory, rpo, rto, SourceKinds.FILES, List.of());
  }
}
