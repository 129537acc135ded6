package io.lifeboat.activities.crypto;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real {@code gpg} (and {@code zstd}) with a throwaway GNUPGHOME, for break-glass interop
 * tests: what an operator with only the command-line tools would do.
 */
public final class Gpg implements AutoCloseable {

  private final Path home;

  private Gpg(Path home) {
    this.home = home;
  }

  /** A fresh GNUPGHOME; skips the test when gpg is not installed. */
  public static Gpg withTemporaryHome() throws IOException {
    assumeThat(installed("gpg")).as("gpg is installed").isTrue();
    Path home = Files.createTempDirectory("gnupg");
    Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    return new Gpg(home);
  }

  public static boolean installed(String tool) {
    try {
      return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  public Result importKey(Path keyFile) {
    return run("--import", keyFile.toString());
  }

  /** Runs {@code gpg --homedir HOME --batch --pinentry-mode loopback ARGS}. */
  public Result run(String... args) {
    List<String> command = new ArrayList<>(List.of(
        "gpg", "--homedir", home.toString(), "--batch", "--pinentry-mode", "loopback"));
    command.addAll(List.of(args));
    return exec(command);
  }

  /** Runs a shell pipeline with GNUPGHOME set to this home (and pipefail on). */
  public Result shell(String pipeline) {
    return exec(List.of("bash", "-c", "set -o pipefail; export GNUPGHOME='" + home + "'; " + pipeline));
  }

  private static Result exec(List<String> command) {
    try {
      Path stdout = Files.createTempFile("gpg", ".out");
      Path stderr = Files.createTempFile("gpg", ".err");
      try {
        Process process = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
            Files.readString(stderr, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    exec(List.of("gpgconf", "--homedir", home.toString(), "--kill", "all"));
    try (Stream<Path> paths = Files.walk(home)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** What a command printed and how it exited. */
  public record Result(int exitCode, String stdout, String stderr) {
    public String describe() {
      return "exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr;
    }
  }
}
