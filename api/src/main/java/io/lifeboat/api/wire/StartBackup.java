package io.lifeboat.api.wire;

/**
 * Body of {@code POST /targets/{target}/backups}; {@code reason} is free text kept with the run.
 * A PostgreSQL target's tenants: {@code schema} backs up that one schema; {@code schemas} (a glob
 * such as {@code tenant_*}) every matching schema, {@code concurrency} at a time (default 2).
 */
public record StartBackup(String reason, String schema, String schemas, Integer concurrency) {

  /** A backup of the whole target. */
  public StartBackup(String reason) {
    this(reason, null, null, null);
  }
}
