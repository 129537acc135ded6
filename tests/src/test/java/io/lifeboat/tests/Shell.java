package io.lifeboat.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a shell pipeline of real tools (gpg, zstd, pg_restore) as an operator would type it. */
final class Shell {
  private Shell() {}

  static String run(Path gnupgHome, String pipeline) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", pipeline).redirectErrorStream(true);
    builder.environment().put("GNUPGHOME", gnupgHome.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new AssertionError("`" + pipeline + "` failed:\n" + output);
    }
    return output;
  }

  /** Runs a command (no shell) and returns its exit code and output, whatever they are. */
  static Result exec(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output);
  }

  /** What a command ended with. */
  record Result(int exit, String output) {}
}
