package io.lifeboat.api.resources;

import io.lifeboat.api.auth.Requires;
import io.lifeboat.api.metrics.ApiMetrics;
import io.lifeboat.api.metrics.BackupAgeGauges;
import io.lifeboat.api.metrics.StateGauges;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** Prometheus scrape endpoint, in the text exposition format. */
@Path("/metrics")
public final class MetricsResource {
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

  private final ApiMetrics metrics;
  private final BackupAgeGauges backupAges;
  private final StateGauges state;

  public MetricsResource(ApiMetrics metrics, BackupAgeGauges backupAges, StateGauges state) {
    this.metrics = metrics;
    this.backupAges = backupAges;
    this.state = state;
  }

  @GET
  @Requires(Requires.ANYONE)
  @Produces(TEXT_FORMAT)
  public String scrape() {
    // One catalog read per scrape, rather than one per gauge.
    backupAges.refresh();
    state.refresh();
    return metrics.registry().scrape();
  }
}
