package io.lifeboat.activities.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a short command run to its end left: its exit code and what it wrote, stdout and stderr
 * together, stripped. For commands that say little (a version, {@code pg_ctl}, {@code chown}, an
 * operator's service command); data streams through {@code ToolProcess} instead.
 */
public record CommandOutput(int exitCode, String output) {

  public boolean succeeded() {
    return exitCode == 0;
  }

  /**
   * Runs {@code command} and waits for its end.
   *
   * @throws IOException when it cannot be started (not installed, not executable)
   */
  public static CommandOutput run(List<String> command) throws IOException, InterruptedException {
    Process process = ChildEnvironment.builder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return new CommandOutput(process.waitFor(), output);
  }

  /**
   * Runs {@code command} for at most {@code timeout}: empty when it was still running then, and
   * killed. A command whose wait is interrupted is killed too.
   *
   * @throws IOException when it cannot be started (not installed, not executable)
   */
  public static Optional<CommandOutput> run(List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    return run(command, null, timeout);
  }

  /**
   * As {@link #run(List, Duration)}, with {@code environment} (null: none) added to what every child
   * gets ({@link ChildEnvironment}). Killing it kills what it started too, and it reads nothing (its
   * input is closed).
   *
   * @throws IOException when it cannot be started (not installed, not executable)
   */
  public static Optional<CommandOutput> run(List<String> command, Map<String, String> environment,
      Duration timeout) throws IOException, InterruptedException {
    ProcessBuilder builder = ChildEnvironment.builder(command, environment == null ? Map.of() : environment)
        .redirectErrorStream(true);
    Process process = builder.start();
    process.getOutputStream().close();
    // Read while waiting: a command that fills the pipe would otherwise never end.
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        return Optional.empty();
      }
      return Optional.of(new CommandOutput(process.exitValue(), output.join()));
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    }
  }

  /** Kills the process and everything it started (a shell's children would hold its output open). */
  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
