package io.lifeboat.api.auth;

import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes starts and signals to the catalog's audit table, accepted and refused alike; the catalog
 * passes each event on to the bucket, chained to the one before it (docs/rebuild.md), and keeps it
 * queued while the bucket is unreachable. A failed write of {@link #record} is logged, not raised:
 * a signal to a running recovery must not wait for its own paperwork, and the run's Temporal
 * history still records every signal with who sent it. A destructive start is different: nothing
 * that replaces or deletes data starts unless {@link #requireRecorded} could write its record first.
 */
public final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  /** The outcome of a destructive start recorded before it was made; ACCEPTED or REFUSED follows it. */
  public static final String REQUESTED = "REQUESTED";

  private final Catalog catalog;
  private final Clock clock;

  public AuditTrail(Catalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  /**
   * Records a destructive start (a restore that replaces, a recovery, a runbook run, retention applied) before it is
   * made.
   *
   * @throws ApiProblem 503 when the catalog cannot take the record: the start is refused
   */
  public void requireRecorded(String principal, String action, String runbook, String reason, String detail) {
    AuditEntry entry = new AuditEntry(null, clock.instant(), principal == null ? "unnamed" : principal, action, null,
        runbook, null, reason, REQUESTED, detail);
    try {
      catalog.appendAudit(entry);
    } catch (RuntimeException e) {
      LOG.error("audit entry not written, start refused: {}", entry, e);
      throw ApiProblem.unavailable("catalog", "the audit trail cannot be written to the catalog database ("
          + firstLine(e) + "); nothing was started, because a start that replaces or deletes data is never made unrecorded",
          "check that the catalog's PostgreSQL is up and reachable (catalog.url, GET /healthcheck), then retry");
    }
  }

  private static String firstLine(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return cause.getMessage().strip().lines().findFirst().orElse("").replaceAll("\\.$", "");
      }
    }
    return e.getClass().getSimpleName();
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
