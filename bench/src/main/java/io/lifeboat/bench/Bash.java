package io.lifeboat.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs a baseline shell pipeline exactly as an operator would type it. */
final class Bash {
  private Bash() {}

  static String run(Path gnupgHome, String pipeline) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", pipeline).redirectErrorStream(true);
    builder.environment().put("GNUPGHOME", gnupgHome.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("`" + pipeline + "` failed: " + output);
    }
    return output;
  }
}
