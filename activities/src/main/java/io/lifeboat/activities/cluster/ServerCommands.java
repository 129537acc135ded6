package io.lifeboat.activities.cluster;

import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands a recovered server's files and processes are handled with, run as the target's
 * {@code osUser}: PostgreSQL refuses to run as root, and its data directory must belong to it.
 */
final class ServerCommands {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private ServerCommands() {}

  /** {@code command} as the target's OS user ({@code runuser} when the worker is root). */
  static List<String> as(ClusterTarget target, List<String> command) {
    if (target.osUser() == null || !ROOT) {
      return command;
    }
    List<String> full = new ArrayList<>(List.of("runuser", "-u", target.osUser(), "--"));
    full.addAll(command);
    return full;
  }

  /** {@code pg_ctl} of the target's binaries with {@code arguments}, as its OS user. */
  static List<String> pgCtl(ClusterTarget target, String... arguments) {
    List<String> command = new ArrayList<>(List.of(target.binDirectory().resolve("pg_ctl").toString()));
    command.addAll(List.of(arguments));
    return as(target, command);
  }

  /** Hands {@code paths} to the target's OS user when the worker is root (files it wrote as root). */
  static void own(ClusterTarget target, String... paths) {
    if (target.osUser() == null || !ROOT) {
      return;
    }
    List<String> command = new ArrayList<>(List.of("chown", "-R", target.osUser()));
    command.addAll(List.of(paths));
    run(command, "hand " + String.join(", ", paths) + " to " + target.osUser());
  }

  /** Runs a short command to its end; its output is the failure's message. */
  static String run(List<String> command, String what) {
    try {
      CommandOutput done = CommandOutput.run(command);
      if (!done.succeeded()) {
        throw ApplicationFailure.newNonRetryableFailure("could not " + what + ": `" + String.join(" ", command)
            + "` exited with " + done.exitCode() + ": " + done.output(), FailureTypes.TOOL_FAILED);
      }
      return done.output();
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure("could not " + what + ": " + e.getMessage(),
          FailureTypes.TOOL_FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
