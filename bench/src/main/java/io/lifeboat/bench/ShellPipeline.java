package io.lifeboat.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The baseline: what an operator would script by hand, {@code zstd -1 -T2 | gpg --encrypt -z 0}
 * to one recipient, output thrown away (so it pays for no storage at all).
 */
final class ShellPipeline {

  private final Path gnupgHome;
  private final String recipient;

  ShellPipeline(Path gnupgHome, Path publicKeyFile, String recipientFingerprint)
      throws IOException, InterruptedException {
    this.gnupgHome = gnupgHome;
    this.recipient = recipientFingerprint;
    run(List.of("gpg", "--homedir", gnupgHome.toString(), "--batch", "--quiet", "--import",
        publicKeyFile.toString()));
  }

  String command(Path file) {
    return "zstd -1 -T2 < '" + file + "' | gpg --homedir '" + gnupgHome + "' --batch --encrypt"
        + " -z 0 --trust-model always -r " + recipient + " > /dev/null";
  }

  /** Runs the pipeline over {@code file}; returns the elapsed nanoseconds. */
  long encrypt(Path file) throws IOException, InterruptedException {
    long start = System.nanoTime();
    run(List.of("bash", "-c", "set -o pipefail; " + command(file)));
    return System.nanoTime() - start;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IOException("exit " + exit + ": " + String.join(" ", command));
    }
  }
}
