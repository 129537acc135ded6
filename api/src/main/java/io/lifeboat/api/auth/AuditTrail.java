package io.lifeboat.api.auth;

import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes starts and signals to the catalog's audit table, accepted and refused alike. A failed
 * write is logged, not raised: a recovery must not wait for its own paperwork, and the run's
 * Temporal history still records every signal with who sent it.
 */
public final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private final Catalog catalog;
  private final Clock clock;

  public AuditTrail(Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  public void record(String principal, String action, String runId, String runbook, String step, String reason,
      String outcome, String detail) {
    AuditEntry entry = new AuditEntry(null, clock.instant(), principal, action, runId, runbook, step, reason,
        outcome, detail);
    try {
      catalog.appendAudit(entry);
    } catch (RuntimeException e) {
      LOG.error("audit entry not written: {}", entry, e);
    }
  }
}
