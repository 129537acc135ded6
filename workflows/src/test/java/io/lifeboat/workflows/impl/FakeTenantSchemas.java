package io.lifeboat.workflows.impl;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.restore.RestoreActivities.ResolvedBackup;
import io.lifeboat.workflows.tenants.TenantSchemaActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/** A stand-in for the tenant schema activities, recording its calls in the shared call list. */
final class FakeTenantSchemas implements TenantSchemaActivities {
  private final List<String> calls;
  volatile List<String> schemas = List.of();
  volatile SchemaState live = new SchemaState(true, 2, 8192);
  volatile boolean inUse;

  FakeTenantSchemas(List<String> calls) {
    this.calls = calls;
  }

  @Override
  public List<String> matchingSchemas(String target, String pattern) {
    calls.add("list " + pattern);
    if (schemas.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("no schema of database shop of target " + target + " matches '"
          + pattern + "'", FailureTypes.UNKNOWN_SCHEMA);
    }
    return schemas;
  }

  @Override
  public ResolvedBackup resolveSchemaBackup(String target, String schema, String selector) {
    calls.add("resolve " + schema + " " + selector);
    return new ResolvedBackup("b1", target, FakeActivities.RECOVERY_POINT, 3_600_000, 1_800_000);
  }

  @Override
  public SchemaState inspectSchema(String target, String schema) {
    calls.add("inspect schema " + schema);
    return live;
  }

  @Override
  public void restoreSchemaBeside(String backupId, String target, String stagingSchema) {
    calls.add("restore " + backupId + " as " + stagingSchema);
  }

  @Override
  public List<String> compareSchemaRowCounts(String backupId, String target, String schema) {
    calls.add("compare " + schema);
    return List.of();
  }

  @Override
  public void swapSchemaIn(String backupId, String target, String schema, String stagingSchema, String retiredSchema) {
    calls.add("swap " + stagingSchema + " in as " + schema + (retiredSchema == null ? "" : ", old one kept"));
    if (inUse) {
      throw ApplicationFailure.newNonRetryableFailure("schema " + schema + " is in use", FailureTypes.SCHEMA_IN_USE);
    }
  }

  @Override
  public void swapSchemaBack(String target, String schema, String retiredSchema) {
    calls.add("swap back " + schema + (retiredSchema == null ? "" : " from old one"));
  }

  @Override
  public void dropSchema(String target, String schema) {
    calls.add("drop schema " + (schema.contains("__lifeboat_old_") ? "old" : schema));
  }
}
