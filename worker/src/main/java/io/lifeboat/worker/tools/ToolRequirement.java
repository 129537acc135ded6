package io.lifeboat.worker.tools;

import java.util.Optional;

/**
 * A program a declared target needs on the worker that runs its activities, and where an operator
 * gets it.
 *
 * @param program a name looked up on {@code PATH}, or an absolute path (a cluster's {@code binDirectory})
 * @param minimumMajor the lowest major version that will do; 0 when any version will
 * @param install what to do when it is missing or too old, ending the problem's line
 */
public record ToolRequirement(String target, String kind, String program, int minimumMajor, String install) {

  /** The one line that says what is wrong with what was found, if anything. */
  public Optional<String> problem(Optional<InstalledTool> found) {
    String needs = "target " + target + " (kind " + kind + ") needs " + program
        + (minimumMajor > 0 ? " " + minimumMajor + " or newer" : "");
    if (found.isEmpty()) {
      return Optional.of(needs + ": " + install);
    }
    InstalledTool tool = found.get();
    if (minimumMajor > 0 && tool.major() > 0 && tool.major() < minimumMajor) {
      return Optional.of(needs + ", found " + tool.version() + " at " + tool.path() + ": " + install);
    }
    return Optional.empty();
  }
}
