package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.lifeboat.api.client.LifeboatClient;
import java.net.URI;
import picocli.CommandLine.Option;

/** Options of every command that talks to the API. */
final class ClientOptions {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--api", description = "Lifeboat API (default: $LIFEBOAT_API or http://127.0.0.1:8080)")
  String api = System.getenv().getOrDefault("LIFEBOAT_API", "http://127.0.0.1:8080");

  @Option(names = "--json", description = "print JSON for scripts")
  boolean json;

  @Option(names = "--user", description = "who is asking (default: $LIFEBOAT_USER or $USER)")
  String user = System.getenv().getOrDefault("LIFEBOAT_USER", System.getenv().getOrDefault("USER", "cli"));

  @Option(names = "--token", description = "API token, sent as Authorization: Bearer (default: $LIFEBOAT_TOKEN)")
  String token = System.getenv("LIFEBOAT_TOKEN");

  LifeboatClient client() {
    return new LifeboatClient(URI.create(api), user, token == null || token.isBlank() ? null : token);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode tree(Object value) {
    return JSON.valueToTree(value);
  }
}
