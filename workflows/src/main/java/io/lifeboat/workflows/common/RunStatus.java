package io.lifeboat.workflows.common;

/** Where a run is, as the catalog records it. */
public enum RunStatus {
  RUNNING,
  COMPLETED,
  FAILED
}
