package io.lifeboat.activities.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * The part of the Kubernetes API that scaling uses (GET and merge-PATCH of apps/v1 deployments),
 * held in memory. No cluster (nor fabric8's mock server) is available here; pods become ready one
 * status read after a scale, as real ones take a while.
 */
final class FakeKubernetesApi implements AutoCloseable {
  static final String TOKEN = "test-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, ObjectNode> deployments = new ConcurrentHashMap<>();
  private final HttpServer server;

  FakeKubernetesApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/apis/apps/v1/namespaces/", this::handle);
    server.start();
  }

  void deployment(String namespace, String name, int replicas) {
    ObjectNode deployment = JSON.createObjectNode();
    deployment.putObject("metadata").put("name", name).put("namespace", namespace);
    deployment.putObject("spec").put("replicas", replicas);
    deployment.putObject("status").put("replicas", replicas).put("readyReplicas", replicas);
    deployments.put(namespace + "/" + name, deployment);
  }

  KubernetesApi api() throws Exception {
    return new KubernetesApi(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), () -> TOKEN,
        SSLContext.getDefault());
  }

  private void handle(HttpExchange exchange) throws IOException {
    String[] path = exchange.getRequestURI().getPath().split("/");
    // /apis/apps/v1/namespaces/{namespace}/deployments/{name}
    ObjectNode deployment = deployments.get(path[5] + "/" + path[7]);
    if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, "{}");
    } else if (deployment == null) {
      answer(exchange, 404, "{\"kind\":\"Status\",\"reason\":\"NotFound\"}");
    } else if (exchange.getRequestMethod().equals("PATCH")) {
      merge(deployment, JSON.readTree(exchange.getRequestBody()));
      answer(exchange, 200, deployment.toString());
    } else {
      String current = deployment.toString();
      // the controller catches up after this read
      int wanted = deployment.path("spec").path("replicas").asInt();
      ((ObjectNode) deployment.get("status")).put("replicas", wanted).put("readyReplicas", wanted);
      answer(exchange, 200, current);
    }
  }

  private static void merge(ObjectNode target, JsonNode patch) {
    patch.fields().forEachRemaining(field -> {
      if (field.getValue().isObject() && target.get(field.getKey()) instanceof ObjectNode nested) {
        merge(nested, field.getValue());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    });
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
