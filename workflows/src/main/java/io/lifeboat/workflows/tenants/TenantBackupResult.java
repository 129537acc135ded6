package io.lifeboat.workflows.tenants;

import java.util.List;

/** Every matching tenant's outcome, in schema order; when some failed, the run's failure carries this. */
public record TenantBackupResult(String target, String pattern, List<Tenant> tenants) {

  /** One tenant: its backup, or why it has none. */
  public record Tenant(String schema, String backupId, long storedBytes, String error) {
    public boolean failed() {
      return error != null;
    }
  }

  public List<Tenant> failed() {
    return tenants.stream().filter(Tenant::failed).toList();
  }
}
