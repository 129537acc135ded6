package io.lifeboat.worker.embedded;

import io.lifeboat.activities.process.ChildEnvironment;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The official Temporal dev server ({@code temporal server start-dev}), a child process on
 * loopback: the real server on SQLite with its web UI. Installed by deploy/install-temporal.sh.
 */
public final class TemporalDevServer implements EmbeddedTemporal {
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final int uiPort;
  private final Thread stopAtExit;

  private TemporalDevServer(Process process, int port, int uiPort) {
    this.process = process;
    this.port = port;
    this.uiPort = uiPort;
    this.stopAtExit = new Thread(this::stop, "temporal-dev-server-stop");
    Runtime.getRuntime().addShutdownHook(stopAtExit);
  }

  /** The installed binary: $LIFEBOAT_TEMPORAL_BIN, else $LIFEBOAT_CACHE/bin/temporal (~/.cache/lifeboat). */
  public static Optional<Path> binary() {
    String explicit = System.getenv("LIFEBOAT_TEMPORAL_BIN");
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(Path.of(explicit)).filter(Files::isExecutable);
    }
    String cache = System.getenv("LIFEBOAT_CACHE");
    if (cache == null || cache.isBlank()) {
      String xdg = System.getenv("XDG_CACHE_HOME");
      cache = (xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg))
          .resolve("lifeboat").toString();
    }
    return Optional.of(Path.of(cache, "bin", "temporal")).filter(Files::isExecutable);
  }

  static TemporalDevServer start(Path binary, Path database, int preferredPort, Path log, String codecEndpoint)
      throws Exception {
    int port = FreePorts.preferred(preferredPort);
    int uiPort = FreePorts.preferred(preferredPort == 0 ? 0 : preferredPort + 1000);
    List<String> command = new ArrayList<>(List.of(binary.toString(), "server", "start-dev",
        "--ip", "127.0.0.1", "--port", String.valueOf(port), "--ui-port", String.valueOf(uiPort),
        "--log-level", "error"));
    if (codecEndpoint != null) {
      command.addAll(List.of("--ui-codec-endpoint", codecEndpoint));
    }
    Path pidFile = null;
    if (database != null) {
      Files.createDirectories(database.toAbsolutePath().getParent());
      command.addAll(List.of("--db-filename", database.toAbsolutePath().toString()));
      pidFile = database.resolveSibling(database.getFileName() + ".pid");
      stopLeftover(pidFile);
    }
    Files.createDirectories(log.toAbsolutePath().getParent());
    Process process = ChildEnvironment.builder(command).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()))
        .start();
    if (pidFile != null) {
      Files.writeString(pidFile, Long.toString(process.pid()));
    }
    TemporalDevServer server = new TemporalDevServer(process, port, uiPort);
    try {
      server.awaitReady(log);
      return server;
    } catch (Exception e) {
      server.close();
      throw e;
    }
  }

  /**
   * A dev server left running on the same SQLite file by a stack that was killed (SIGKILL skips its
   * shutdown hook) would hold the file beside the new one: it is stopped first.
   */
  private static void stopLeftover(Path pidFile) throws Exception {
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(Files.readString(pidFile).strip());
    } catch (NumberFormatException unreadable) {
      Files.delete(pidFile);
      return;
    }
    Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
        .filter(p -> p.info().commandLine().orElse("").contains("start-dev"));
    if (leftover.isPresent()) {
      System.err.println("stopping the Temporal dev server left running by an earlier stack (pid " + pid + ")");
      leftover.get().destroy();
      leftover.get().onExit().get(10, TimeUnit.SECONDS);
    }
    Files.delete(pidFile);
  }

  private void awaitReady(Path log) throws Exception {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setTarget(target()).setRpcTimeout(Duration.ofSeconds(2)).build());
    try {
      Instant deadline = Instant.now().plus(READY_WITHIN);
      while (true) {
        if (!process.isAlive()) {
          throw new IOException("the Temporal dev server exited with " + process.exitValue() + ": " + tail(log));
        }
        try {
          stubs.blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
          return;
        } catch (RuntimeException notYet) {
          if (Instant.now().isAfter(deadline)) {
            throw new IOException("the Temporal dev server did not answer on " + target() + " within " + READY_WITHIN
                + ": " + tail(log), notYet);
          }
          Thread.sleep(100);
        }
      }
    } finally {
      stubs.shutdownNow();
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  @Override
  public String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public Optional<String> webUi() {
    return Optional.of("http://127.0.0.1:" + uiPort);
  }

  @Override
  public boolean real() {
    return true;
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException exiting) {
      // already shutting down: the hook runs stop() again, which is harmless
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within 10 s; SQLite keeps what was committed. */
  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
