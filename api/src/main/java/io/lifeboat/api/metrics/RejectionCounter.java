package io.lifeboat.api.metrics;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * Counts every refused request in one place, whichever mapper or resource refused it, so a
 * client stuck in a loop of bad requests shows up on a dashboard.
 */
public final class RejectionCounter implements ContainerResponseFilter {
  private final ApiMetrics metrics;

  public RejectionCounter(ApiMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (response.getStatus() >= 400 && response.getStatus() < 500) {
      metrics.requestRejected(response.getStatus());
    }
  }
}
