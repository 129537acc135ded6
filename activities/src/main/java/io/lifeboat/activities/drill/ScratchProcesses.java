package io.lifeboat.activities.drill;

import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The process handling a drill's scratch servers share: commands run (as the PostgreSQL OS user
 * when the worker is root), ports probed, and servers found and killed by the pid they wrote, never
 * by name: a stale pid file must not kill whatever took its number since.
 */
final class ScratchProcesses {
  static final String LOOPBACK = "127.0.0.1";
  static final boolean ROOT = "root".equals(System.getProperty("user.name"));
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

  private ScratchProcesses() {}

  /** {@code command} as {@code osUser} when the worker is root (PostgreSQL refuses to run as root). */
  static List<String> as(String osUser, List<String> command) {
    if (!ROOT || osUser == null) {
      return command;
    }
    List<String> full = new ArrayList<>(List.of("runuser", "-u", osUser, "--"));
    full.addAll(command);
    return full;
  }

  /** Runs {@code command} to its end; fails, retryably, saying what could not be done and what it said. */
  static CommandOutput run(List<String> command, String what) {
    CommandOutput done = attempt(command, what);
    if (!done.succeeded()) {
      throw ApplicationFailure.newFailure("could not " + what + ": `" + String.join(" ", command) + "` exited with "
          + done.exitCode() + ": " + lastLine(done.output()), FailureTypes.TOOL_FAILED);
    }
    return done;
  }

  /** The last non-blank line of a tool's output: where it says what went wrong. */
  static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }

  /** Runs {@code command} to its end, whatever its exit code. */
  static CommandOutput attempt(List<String> command, String what) {
    try {
      return CommandOutput.run(command, COMMAND_TIMEOUT).orElseThrow(() -> ApplicationFailure.newFailure(
          "could not " + what + ": `" + String.join(" ", command) + "` still ran after "
              + COMMAND_TIMEOUT.toSeconds() + " s", FailureTypes.TOOL_FAILED));
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("could not " + what + ": " + e.getMessage(), FailureTypes.TOOL_FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while trying to " + what, FailureTypes.TOOL_FAILED);
    }
  }

  /** Whether {@code port} of 127.0.0.1 can be listened on now. */
  static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code wanted} when it is still free (a retry keeps its ports), else a free port of 127.0.0.1. */
  static int port(Integer wanted) {
    if (wanted != null && wanted > 0 && free(wanted)) {
      return wanted;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("no free port on " + LOOPBACK + " for a drill's scratch server: "
          + e.getMessage(), FailureTypes.TOOL_FAILED);
    }
  }

  /** Whether anything accepts connections on {@code port} of 127.0.0.1. */
  static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The live process whose pid is the first line of {@code pidFile} and whose program is named
   * {@code program} (postgres, redis-server); empty when the file, or that process, is gone.
   */
  static Optional<ProcessHandle> live(Path pidFile, String program) {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
      if (!first.matches("[0-9]{1,10}")) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(first)).filter(ProcessHandle::isAlive)
          // a process whose command cannot be read is not known to be ours: never killed
          .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().startsWith(program))
              .orElse(false));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Kills {@code process} (SIGTERM, then SIGKILL after {@code grace}) and waits until it is gone. */
  static void kill(ProcessHandle process, Duration grace) {
    List<ProcessHandle> children = process.children().toList();
    process.destroy();
    if (!waitFor(process, grace)) {
      process.destroyForcibly();
      waitFor(process, Duration.ofSeconds(10));
    }
    // a postmaster killed outright leaves its children to notice on their own: do not wait for that
    children.forEach(ProcessHandle::destroyForcibly);
  }

  private static boolean waitFor(ProcessHandle process, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (process.isAlive()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      sleep(50);
    }
    return true;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while preparing a drill's scratch environment",
          FailureTypes.TOOL_FAILED);
    }
  }
}
