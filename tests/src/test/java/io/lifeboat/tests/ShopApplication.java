package io.lifeboat.tests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * A small HTTP application started by the tests: {@code GET /items} lists the rows of a
 * PostgreSQL table (one connection per request, so a stopped app holds none). It runs as a
 * service with an HTTP control endpoint, which the runbook's {@code http} service provider drives:
 * {@code POST /start}, {@code POST /stop}, {@code GET /status} (200 running, 503 stopped).
 */
final class ShopApplication implements AutoCloseable {
  private final String jdbcUrl;
  private final String user;
  private final int port;
  private final HttpServer control;
  private HttpServer app;

  ShopApplication(String jdbcUrl, String user, int port) throws IOException {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.port = port;
    control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    control.createContext("/start", exchange -> answer(exchange, 200, () -> {
      start();
      return "started";
    }));
    control.createContext("/stop", exchange -> answer(exchange, 200, () -> {
      stop();
      return "stopped";
    }));
    control.createContext("/status", exchange -> answer(exchange, running() ? 200 : 503,
        () -> running() ? "running" : "stopped"));
    control.start();
  }

  String controlUrl(String verb) {
    return "http://127.0.0.1:" + control.getAddress().getPort() + "/" + verb;
  }

  int port() {
    return port;
  }

  synchronized boolean running() {
    return app != null;
  }

  synchronized void start() {
    if (app != null) {
      return;
    }
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      server.createContext("/items", exchange -> answer(exchange, 200, this::items));
      server.start();
      app = server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + port, e);
    }
  }

  synchronized void stop() {
    if (app != null) {
      app.stop(0);
      app = null;
    }
  }

  private String items() {
    try (Connection db = DriverManager.getConnection(jdbcUrl, user, "");
        ResultSet rows = db.createStatement().executeQuery("SELECT * FROM items ORDER BY id")) {
      StringBuilder text = new StringBuilder();
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          text.append(i > 1 ? " " : "").append(rows.getString(i));
        }
        text.append('\n');
      }
      return text.toString();
    } catch (SQLException e) {
      throw new IllegalStateException("database: " + e.getMessage(), e);
    }
  }

  private static void answer(HttpExchange exchange, int status, Supplier<String> body) throws IOException {
    byte[] bytes;
    int code = status;
    try {
      bytes = body.get().getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      bytes = String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8);
      code = 500;
    }
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A server that answers every request with the same text: the old site behind haproxy. */
  static HttpServer fixed(String text) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> answer(exchange, 200, () -> text));
    server.start();
    return server;
  }

  @Override
  public void close() {
    stop();
    control.stop(0);
  }
}
