package io.lifeboat.activities.services;

import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.workflows.runbook.StepArguments;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    return run(argv, null, timeout, String.join(" ", argv));
  }

  /**
   * Runs {@code argv} with {@code environment} (null: none) added to what every child gets
   * ({@code ChildEnvironment}: nothing of the worker's secrets); the lines it adds
   * (timed out, cannot run, interrupted) name it as {@code what}, never by its arguments.
   */
  public static CommandOutput run(List<String> argv, Map<String, String> environment, Duration timeout,
      String what) {
    try {
      return CommandOutput.run(argv, environment, timeout)
          .map(done -> new CommandOutput(done.exitCode(), tail(done.output())))
          .orElseGet(() -> new CommandOutput(124, "timed out after " + seconds(timeout) + ": " + what));
    } catch (IOException e) {
      return new CommandOutput(127, "cannot run " + what + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CommandOutput(130, "interrupted: " + what);
    }
  }

  /**
   * {@code value} as one word for {@code sh -c}: in single quotes, a quote inside written
   * {@code '\''}. Whatever it holds ({@code ;}, {@code $(...)}, a newline), the shell reads text.
   */
  public static String quoted(String value) {
    return StepArguments.shellQuoted(value);
  }

  private static String seconds(Duration timeout) {
    return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + "s" : timeout.toMillis() + "ms";
  }

  private static String tail(String text) {
    return text.length() <= KEPT_OUTPUT ? text : "…" + text.substring(text.length() - KEPT_OUTPUT);
  }
}
