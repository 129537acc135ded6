package io.lifeboat.activities.runbook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A real HTTP server for tests: it records every request as "METHOD /path body" and answers what
 * the test's responder says, as (status, body).
 */
public final class RecordingEndpoint implements AutoCloseable {
  public record Answer(int status, String body) {}

  public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final HttpServer server;

  public RecordingEndpoint(Function<String, Answer> responder) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String request = (exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + body).strip();
      requests.add(request);
      Answer answer = responder.apply(request);
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
