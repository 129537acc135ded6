package io.lifeboat.api.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The API's Prometheus registry and the counters it keeps: runs started, requests refused. */
public final class ApiMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** A workflow of {@code type} (BACKUP, VERIFY, RESTORE) was started through the API. */
  public void runStarted(String type) {
    Counter.builder("lifeboat.runs.started")
        .description("Runs started through the API, by type")
        .tag("type", type)
        .register(registry)
        .increment();
  }

  /** A request was answered with a 4xx status. */
  public void requestRejected(int status) {
    Counter.builder("lifeboat.requests.rejected")
        .description("API requests refused with a 4xx status, by status")
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }
}
