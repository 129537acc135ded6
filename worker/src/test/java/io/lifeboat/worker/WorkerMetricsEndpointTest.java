package io.lifeboat.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A separate worker's /metrics listener: the registry in Prometheus's text format, and a taken address in one line. */
class WorkerMetricsEndpointTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @Test
  void servesTheRegistryInPrometheusTextFormatAndNothingElse() throws Exception {
    Counter.builder("lifeboat.backups").tags("target", "shop", "kind", "postgres", "result", "success")
        .register(registry).increment();
    try (WorkerMetricsEndpoint endpoint = WorkerMetricsEndpoint.serve(new InetSocketAddress("127.0.0.1", 0), registry)) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> other = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics/x")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metrics.body()).contains("lifeboat_backups_total{kind=\"postgres\",result=\"success\",target=\"shop\"} 1");
      assertThat(other.statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aTakenAddressIsRefusedInOneLineNamingTheKey() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Throwable thrown = catchThrowable(() -> WorkerMetricsEndpoint.serve(
          new InetSocketAddress("127.0.0.1", taken.getLocalPort()), registry));

      assertThat(thrown).isInstanceOf(IllegalStateException.class);
      assertThat(thrown.getMessage()).doesNotContain("\n")
          .startsWith("cannot serve the worker's /metrics on 127.0.0.1:" + taken.getLocalPort() + " (")
          .endsWith("set worker.metricsAddress to a free host:port, or to \"\" to serve none");
    }
  }
}
