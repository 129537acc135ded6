package io.lifeboat.workflows.common;

/** What a run is, as the catalog and the runs' search attributes name it. */
public enum RunType {
  BACKUP,
  VERIFY,
  RESTORE,
  RUNBOOK,
  DRILL,
  RETENTION,
  REPLICATION,
  LEGAL_HOLD,
  /** The fan-out over a target's tenant schemas; each tenant's backup is a BACKUP run of its own. */
  TENANT_BACKUP
}
