package io.lifeboat.activities.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A declared set of directories: the absolute paths to back up, the glob patterns to leave out,
 * where verifications restore to, and the recovery objectives.
 *
 * @param excludes a pattern without '/' matches a name at any depth ({@code *.tmp}, {@code cache});
 *     one with '/' matches the path relative to its root ({@code logs/**})
 */
public record FileSetTarget(
    String name, List<Path> paths, List<String> excludes, Path scratchDirectory, Duration rpo, Duration rto) {}
