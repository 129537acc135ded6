package io.lifeboat.api.metrics;

/**
 * How many runbook steps wait for a person's approval now. Only the running workflows know, so the
 * count comes from Temporal rather than the catalog; the gauges take it as this, to be read with
 * the rest before each scrape.
 */
@FunctionalInterface
public interface WaitingApprovals {
  long count();
}
