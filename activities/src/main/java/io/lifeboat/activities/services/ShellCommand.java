package io.lifeboat.activities.services;

import io.lifeboat.activities.process.CommandOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs an operator's command and keeps what it said (its end), for step details and error
 * messages. It never throws: a command that cannot run, times out or is interrupted ends with a
 * shell's exit code for it (127, 124, 130) and a line saying so.
 */
public final class ShellCommand {
  private static final int KEPT_OUTPUT = 2_000;

  private ShellCommand() {}

  /** Runs {@code command} with {@code sh -c}; a command still running after {@code timeout} is killed. */
  public static CommandOutput sh(String command, Duration timeout) {
    return run(List.of("sh", "-c", command), timeout);
  }

  public static CommandOutput run(List<String> argv, Duration timeout) {
    try {
      return CommandOutput.run(argv, timeout)
          .map(done -> new CommandOutput(done.exitCode(), tail(done.output())))
          .orElseGet(() -> new CommandOutput(124,
              "timed out after " + timeout.toSeconds() + "s: " + String.join(" ", argv)));
    } catch (IOException e) {
      return new CommandOutput(127, "cannot run " + argv.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CommandOutput(130, "interrupted: " + String.join(" ", argv));
    }
  }

  private static String tail(String text) {
    return text.length() <= KEPT_OUTPUT ? text : "…" + text.substring(text.length() - KEPT_OUTPUT);
  }
}
