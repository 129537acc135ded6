package io.lifeboat.activities.checks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

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
      HttpCall.Answer answer = HttpCall.send(http, "GET", url, Map.of(), Duration.ofSeconds(10));
      boolean statusOk = answer.status() == expectStatus;
      boolean bodyOk = expectBody == null || answer.body().contains(expectBody);
      return new Observation(statusOk && bodyOk, "HTTP " + answer.status() + " from " + url
          + (bodyOk ? "" : ", body without '" + expectBody + "': " + answer.bodyStart()));
    } catch (IOException e) {
      return new Observation(false, url + " unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Observation(false, "interrupted");
    }
  }
}
