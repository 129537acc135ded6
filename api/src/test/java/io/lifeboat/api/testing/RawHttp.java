package io.lifeboat.api.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP against the API under test, for what the client does not send (bad JSON) or read (metrics). */
public final class RawHttp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private RawHttp() {}

  public static HttpResponse<String> get(int port, String path) {
    return send(HttpRequest.newBuilder(uri(port, path)).GET().build());
  }

  public static HttpResponse<String> postJson(int port, String path, String json) {
    return send(HttpRequest.newBuilder(uri(port, path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  /** A POST as {@code curl -X POST URL} sends it: no body, no Content-Type. */
  public static HttpResponse<String> postNothing(int port, String path) {
    return send(HttpRequest.newBuilder(uri(port, path)).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
