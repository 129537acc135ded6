package io.lifeboat.worker.embedded;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The Temporal server of the embedded stack: the real dev server ({@code temporal server
 * start-dev}: SQLite, web UI, Schedules, visibility) when installed, else the in-memory test
 * server, said in one line.
 */
public interface EmbeddedTemporal extends AutoCloseable {
  /** host:port of the frontend. */
  String target();

  /** The web UI's address; empty on the in-memory server, which has none. */
  Optional<String> webUi();

  /** Whether this is the real server, with Schedules, visibility queries and the web UI. */
  boolean real();

  @Override
  void close();

  /**
   * Starts the dev server, keeping its state in {@code database} (null: in memory, lost at stop),
   * or falls back to the in-memory server when the dev server is not installed.
   */
  static EmbeddedTemporal start(Path database, int preferredPort, Path log) throws Exception {
    return start(database, preferredPort, log, null);
  }

  /**
   * As {@link #start(Path, int, Path)}, with the web UI decoding payloads through {@code
   * codecEndpoint} (Temporal's remote codec protocol; null: the UI shows them as stored).
   */
  static EmbeddedTemporal start(Path database, int preferredPort, Path log, String codecEndpoint) throws Exception {
    Optional<Path> binary = TemporalDevServer.binary();
    if (binary.isPresent()) {
      return TemporalDevServer.start(binary.get(), database, preferredPort, log, codecEndpoint);
    }
    System.err.println(InMemoryTemporal.FALLBACK);
    return InMemoryTemporal.start(preferredPort);
  }
}
