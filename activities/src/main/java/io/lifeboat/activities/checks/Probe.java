package io.lifeboat.activities.checks;

/** One try of a health check: whether it passed and what was seen, for the step's detail or error. */
interface Probe {
  Observation probe();

  record Observation(boolean passed, String seen) {}
}
