package io.lifeboat.activities.files;

import io.lifeboat.activities.sources.DeclaredDestination;
import java.nio.file.Path;

/**
 * A directory of this machine declared under {@code destinations:} for targets of {@code kind}
 * ({@code files} or {@code config}): files have no server, so the destination is the directory.
 */
public record DirectoryDestination(String kind, Path directory) implements DeclaredDestination {}
