package io.lifeboat.activities.services;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an operator's command and keeps what it said, for step details and error messages. */
public final class ShellCommand {
  /** What a finished command left: its exit code and the end of its combined output. */
  public record Outcome(int exitCode, String output) {
    public boolean succeeded() {
      return exitCode == 0;
    }
  }

  private static final int KEPT_OUTPUT = 2_000;

  private ShellCommand() {}

  /** Runs {@code command} with {@code sh -c}; a command still running after {@code timeout} is killed. */
  public static Outcome sh(String command, Duration timeout) {
    return run(List.of("sh", "-c", command), timeout);
  }

  public static Outcome run(List<String> argv, Duration timeout) {
    Process process;
    try {
      process = new ProcessBuilder(argv).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Outcome(127, "cannot run " + argv.get(0) + ": " + e.getMessage());
    }
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return new Outcome(124, "timed out after " + timeout.toSeconds() + "s: " + String.join(" ", argv));
      }
      return new Outcome(process.exitValue(), tail(output.join()));
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Outcome(130, "interrupted: " + String.join(" ", argv));
    }
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }

  private static String tail(String text) {
    return text.length() <= KEPT_OUTPUT ? text : "…" + text.substring(text.length() - KEPT_OUTPUT);
  }
}
