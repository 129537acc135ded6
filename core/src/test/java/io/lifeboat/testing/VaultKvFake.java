package io.lifeboat.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A wire-level fake of HashiCorp Vault's KV version 2 read API, because Vault itself cannot be
 * installed here (it is not in Debian, and {@code go install} refuses its module). It answers
 * {@code GET /v1/<mount>/data/<path>} as Vault does: the fields under {@code data.data} with a
 * token that may read; 403 {@code {"errors":["permission denied"]}} for a missing or wrong {@code
 * X-Vault-Token} or a wrong {@code X-Vault-Namespace}; 404 {@code {"errors":[]}} for a path with no
 * secret; 404 with "no handler for route" for a mount that does not exist.
 *
 * <p>Other modules reuse it through the {@code lifeboat-core} test-jar.
 *
 * <p>Not covered by this fake: policies finer than one token, secret versions and deletion,
 * lease renewal, Vault's TLS and any authentication method other than a token.
 */
public final class VaultKvFake implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String token;
  private final String namespace;
  private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();
  private final List<String> mounts = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private VaultKvFake(HttpServer server, String token, String namespace) {
    this.server = server;
    this.token = token;
    this.namespace = namespace;
  }

  /** Listens on a free loopback port; {@code namespace} null for none. */
  public static VaultKvFake start(String token, String namespace) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    VaultKvFake fake = new VaultKvFake(server, token, namespace);
    server.createContext("/v1/", fake::handle);
    server.start();
    return fake;
  }

  public URI address() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** As {@code vault kv put <mount>/<path> field=value ...} on a KV v2 mount. */
  public void put(String mount, String path, Map<String, String> fields) {
    if (!mounts.contains(mount)) {
      mounts.add(mount);
    }
    secrets.put(mount + "/" + path, new LinkedHashMap<>(fields));
  }

  /** Request paths received, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring("/v1/".length());
    requests.add(exchange.getRequestURI().getRawPath());
    if (!token.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))
        || (namespace != null && !namespace.equals(exchange.getRequestHeaders().getFirst("X-Vault-Namespace")))) {
      respond(exchange, 403, Map.of("errors", List.of("permission denied")));
      return;
    }
    int slash = path.indexOf('/');
    String mount = slash < 0 ? path : path.substring(0, slash);
    if (!mounts.contains(mount) || !path.startsWith(mount + "/data/")) {
      respond(exchange, 404, Map.of("errors", List.of("no handler for route \"" + path + "\". route entry not found.")));
      return;
    }
    if (!"GET".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, Map.of("errors", List.of("1 error occurred:\n\t* unsupported operation\n\n")));
      return;
    }
    Map<String, String> fields = secrets.get(mount + "/" + path.substring((mount + "/data/").length()));
    if (fields == null) {
      respond(exchange, 404, Map.of("errors", List.of()));
      return;
    }
    respond(exchange, 200, Map.of("request_id", "00000000-0000-0000-0000-000000000000", "lease_id", "",
        "renewable", false, "lease_duration", 0,
        "data", Map.of("data", fields, "metadata", Map.of("created_time", "2026-12-04T00:00:00Z",
            "deletion_time", "", "destroyed", false, "version", 1))));
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
