package io.lifeboat.activities.checks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** One HTTP request and what came back; for health checks and backup hooks. */
public final class HttpCall {
  private static final int SHOWN_BODY = 200;

  private HttpCall() {}

  /** A response: its status and body. */
  public record Answer(int status, String body) {
    /** The start of the body, for a detail or an error line. */
    public String bodyStart() {
      String text = body.strip();
      return text.length() > SHOWN_BODY ? text.substring(0, SHOWN_BODY) + "…" : text;
    }
  }

  /**
   * Sends a request without a body and waits at most {@code timeout} for the whole answer.
   * Interrupting the waiting thread abandons the request.
   *
   * @throws IOException when the server cannot be reached or does not answer in time
   */
  public static Answer send(HttpClient http, String method, URI url, Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
        .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }
}
