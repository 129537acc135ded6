package io.lifeboat.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics} of a worker running as a process of its own ({@code lifeboat worker}), in
 * Prometheus's text format: every process serves what it counted itself. Inside {@code lifeboat
 * server} the worker counts into the API's registry and this listener is not started.
 */
public final class WorkerMetricsEndpoint implements AutoCloseable {
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private WorkerMetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * Listens on {@code address} at once, on a thread of its own.
   *
   * @throws IllegalStateException naming the address and the key when it cannot be bound
   */
  public static WorkerMetricsEndpoint serve(InetSocketAddress address, PrometheusMeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serve the worker's /metrics on " + address.getHostString() + ":"
          + address.getPort() + " (" + e.getMessage() + "): set worker.metricsAddress to a free host:port, or to \"\""
          + " to serve none", e);
    }
    server.createContext("/metrics", exchange -> answer(exchange, registry));
    server.start();
    return new WorkerMetricsEndpoint(server);
  }

  private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod()) || !"/metrics".equals(exchange.getRequestURI().getPath())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", TEXT_FORMAT);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      } catch (UncheckedIOException | IOException gone) {
        // the scraper hung up; the next scrape gets it all
      }
    }
  }

  /** The port it listens on (the configured one, or the one chosen for port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
