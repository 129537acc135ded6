package io.lifeboat.activities.drill;

import io.lifeboat.activities.services.ShellCommand;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A drill's scratch redis-server in {@code <drill>/redis}: daemonized with a pid file so that it
 * outlives the activity and the worker, its RDB at {@code dump.rdb}, no save points and no AOF (a
 * restore swaps the RDB while it is stopped, and stopping must not overwrite it). The commands that
 * stop and start exactly this server are what a Redis restore onto it runs.
 */
final class ScratchRedis {
  static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final String PROGRAM = "redis-server";
  /** How its process is recognised: Debian's redis-server is a link to redis-check-rdb. */
  private static final String PROCESS = "redis";

  private final Path directory;

  ScratchRedis(Path directory) {
    this.directory = directory;
  }

  Path rdb() {
    return directory.resolve("dump.rdb");
  }

  private Path pidFile() {
    return directory.resolve("redis.pid");
  }

  /** Makes the server run and answer; returns its port: {@code wanted} when it runs there or is free. */
  int run(Integer wanted) {
    if (wanted != null && ScratchProcesses.live(pidFile(), PROCESS).isPresent() && pings(wanted)) {
      return wanted;
    }
    stop(); // a server on another port, or not answering: start it again cleanly
    int port = ScratchProcesses.port(wanted);
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
    }
    List<String> command = command(port);
    try {
      ScratchProcesses.attempt(command, "start the drill's scratch redis-server");
    } catch (ApplicationFailure e) {
      if (String.valueOf(e.getOriginalMessage()).contains("error=2,")) { // No such file or directory
        throw ApplicationFailure.newNonRetryableFailure("redis-server is not installed, so a drill cannot have a"
            + " scratch Redis server; install the Debian package redis-server", FailureTypes.TOOL_FAILED);
      }
      throw e;
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!pings(port)) {
      if (System.nanoTime() > deadline) {
        throw ApplicationFailure.newFailure("the drill's scratch redis-server on " + ScratchProcesses.LOOPBACK + ":"
            + port + " did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + log(),
            FailureTypes.TOOL_FAILED);
      }
      ScratchProcesses.sleep(50);
    }
    return port;
  }

  /** Stops the server named in its pid file (SIGTERM: with no save points it writes nothing). Returns whether one ran. */
  boolean stop() {
    return ScratchProcesses.live(pidFile(), PROCESS).map(server -> {
      ScratchProcesses.kill(server, Duration.ofSeconds(10));
      return true;
    }).orElse(false);
  }

  /** The command line that starts this server on {@code port}, daemonized. */
  List<String> command(int port) {
    return List.of(PROGRAM, "--port", Integer.toString(port), "--bind", ScratchProcesses.LOOPBACK,
        "--dir", directory.toAbsolutePath().toString(), "--dbfilename", rdb().getFileName().toString(),
        "--save", "", "--appendonly", "no", "--daemonize", "yes",
        "--pidfile", pidFile().toAbsolutePath().toString(), "--logfile", log().toAbsolutePath().toString());
  }

  /** For {@code sh -c}: starts this server on {@code port}. */
  String startCommand(int port) {
    return command(port).stream().map(ShellCommand::quoted).collect(Collectors.joining(" "));
  }

  /** For {@code sh -c}: stops this server, and only it (the pid it wrote); fine when it already stopped. */
  String stopCommand() {
    String pid = ShellCommand.quoted(pidFile().toAbsolutePath().toString());
    return "if [ -f " + pid + " ]; then kill \"$(cat " + pid + ")\" 2>/dev/null; fi; true";
  }

  private Path log() {
    return directory.resolve("redis.log");
  }

  /** Whether a Redis server answers PING on {@code port}. */
  static boolean pings(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(ScratchProcesses.LOOPBACK, port), 1_000);
      socket.setSoTimeout(2_000);
      socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }
}
