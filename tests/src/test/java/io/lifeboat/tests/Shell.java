package io.lifeboat.tests;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
}
