package io.lifeboat.worker.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server, the JDK's, on 127.0.0.1, answering the requests of a script: for each
 * "METHOD /path" a list of answers given one per request, the last one again for every later
 * request, and 404 for anything unscripted. It stands in for the Lifeboat API where a test needs
 * the run's states to be what it says, step by step, and needs to kill the API and bring it back
 * on the same port, as an operator's restart would.
 */
final class ScriptedApi implements AutoCloseable {
  /** One answer; {@code delay} holds it back, as a stuck API would. */
  record Answer(int status, String json, Duration delay) {
    static Answer ok(String json) {
      return new Answer(200, json, Duration.ZERO);
    }

    static Answer of(int status, String json) {
      return new Answer(status, json, Duration.ZERO);
    }

    Answer after(Duration wait) {
      return new Answer(status, json, wait);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private ScriptedApi(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::answer);
    // One thread per exchange: a held-back answer must not hold back the others.
    server.setExecutor(threads);
    server.start();
  }

  static ScriptedApi onFreePort() throws IOException {
    return new ScriptedApi(0);
  }

  /** On {@code port}, where a stopped one listened before: the API back after a restart. */
  static ScriptedApi on(int port) throws IOException {
    return new ScriptedApi(port);
  }

  /** {@code request} as "GET /api/v1/runs/backup:orders/r1", the path decoded. */
  ScriptedApi answer(String request, Answer... answers) {
    script.put(request, new ArrayDeque<>(List.of(answers)));
    return this;
  }

  ScriptedApi answer(String request, String... jsons) {
    return answer(request, java.util.Arrays.stream(jsons).map(Answer::ok).toArray(Answer[]::new));
  }

  int port() {
    return server.getAddress().getPort();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** Every request answered or being answered, as "GET /path", in order. */
  List<String> requests() {
    return requests;
  }

  long count(String request) {
    return requests.stream().filter(request::equals).count();
  }

  /** Closes the listening socket and every connection at once: the API process killed. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String request = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    requests.add(request + (exchange.getRequestURI().getRawQuery() == null ? ""
        : "?" + exchange.getRequestURI().getRawQuery()));
    Answer answer = next(request);
    try {
      Thread.sleep(answer.delay().toMillis());
    } catch (InterruptedException e) {
      exchange.close();
      return;
    }
    byte[] body = answer.json().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private Answer next(String request) {
    Deque<Answer> answers = script.get(request);
    if (answers == null) {
      return Answer.of(404, "{\"code\":404,\"message\":\"HTTP 404 Not Found\"}");
    }
    synchronized (answers) {
      return answers.size() > 1 ? answers.removeFirst() : answers.getFirst();
    }
  }
}
