package io.lifeboat.worker.tools;

import java.util.Optional;

/**
 * A program a declared target needs on the worker that runs its activities, and where an operator
 * gets it.
 *
 * @param program a name looked up on {@code PATH}, or an absolute path (a cluster's {@code binDirectory})
 * @param minimumMajor the lowest major version that will do; 0 when any version will. A tool whose
 *     version cannot be read passes: the tool itself has the last word when it runs
 * @param install what to do when it is missing or too old, ending the problem's line
 * @param operators whether it is the operator's own command (a hook, a validator): looked for, never
 *     run to ask its version, as it may do its work whatever it is asked
 */
public record ToolRequirement(String target, String kind, String program, int minimumMajor, String install,
    boolean operators) {

  /** A tool Lifeboat itself runs, which it may ask its version. */
  public ToolRequirement(String target, String kind, String program, int minimumMajor, String install) {
    this(target, kind, program, minimumMajor, install, false);
  }

  /** What {@code installed} has of it. */
  public Optional<InstalledTool> lookUp(InstalledTools installed) {
    return operators ? installed.locate(program) : installed.find(program);
  }

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
