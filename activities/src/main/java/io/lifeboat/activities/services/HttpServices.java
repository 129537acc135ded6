package io.lifeboat.activities.services;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.ServiceActivities.ServiceStatus;
import io.lifeboat.workflows.runbook.ServiceControl;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Services with HTTP endpoints: POST to start and stop, GET status (2xx = running). */
final class HttpServices implements ServiceController {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http;
  private final ServiceControl control;

  HttpServices(HttpClient http, ServiceControl control) {
    this.http = http;
    this.control = control;
  }

  @Override
  public void stop(String service) {
    post("stop", control.stop(), service);
  }

  @Override
  public void start(String service) {
    post("start", control.start(), service);
  }

  @Override
  public Optional<ServiceStatus> status(String service) {
    if (control.status() == null) {
      return Optional.empty();
    }
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(url(control.status(), service))).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      return Optional.of(new ServiceStatus(service, response.statusCode() / 100 == 2, "HTTP " + response.statusCode()));
    } catch (IOException e) {
      return Optional.of(new ServiceStatus(service, false, "unreachable: " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", FailureTypes.TOOL_FAILED);
    }
  }

  private void post(String verb, String url, String service) {
    if (url == null) {
      throw ApplicationFailure.newNonRetryableFailure("no " + verb + " URL given for " + service, FailureTypes.BAD_REQUEST);
    }
    String target = url(url, service);
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create(target)).timeout(TIMEOUT).POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw ApplicationFailure.newFailure(
            verb + " " + service + ": " + target + " answered " + response.statusCode() + " " + response.body(),
            FailureTypes.TOOL_FAILED);
      }
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(verb + " " + service + ": " + target + " unreachable: " + e.getMessage(),
          FailureTypes.TOOL_FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", FailureTypes.TOOL_FAILED);
    }
  }

  /** The operator's {@code url} for {@code service}, percent-encoded: a name cannot change the URL's path or query. */
  static String url(String url, String service) {
    return url.replace("{service}", URLEncoder.encode(service, StandardCharsets.UTF_8).replace("+", "%20"));
  }
}
