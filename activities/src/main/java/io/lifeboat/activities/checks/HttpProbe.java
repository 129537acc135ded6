package io.lifeboat.activities.checks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs a URL; passes on the expected status, and when asked, a body containing the expected text. */
final class HttpProbe implements Probe {
  private final HttpClient http;
  private final URI url;
  private final int expectStatus;
  private final String expectBody;

  HttpProbe(HttpClient http, String url, int expectStatus, String expectBody) {
    this.http = http;
    this.url = URI.create(url);
    this.expectStatus = expectStatus;
    this.expectBody = expectBody;
  }

  @Override
  public Observation probe() {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      boolean statusOk = response.statusCode() == expectStatus;
      boolean bodyOk = expectBody == null || response.body().contains(expectBody);
      String body = response.body().length() > 200 ? response.body().substring(0, 200) + "…" : response.body();
      return new Observation(statusOk && bodyOk, "HTTP " + response.statusCode() + " from " + url
          + (bodyOk ? "" : ", body without '" + expectBody + "': " + body.strip()));
    } catch (IOException e) {
      return new Observation(false, url + " unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Observation(false, "interrupted");
    }
  }
}
