package io.lifeboat.workflows.tenants;

/**
 * Back up every schema of a PostgreSQL target whose name matches {@code pattern} (a glob such as
 * {@code tenant_*}), one backup per schema, at most {@code concurrency} at a time (2 when 0).
 */
public record TenantBackupRequest(
    String target, String pattern, int concurrency, String reason, String requestedBy) {}
