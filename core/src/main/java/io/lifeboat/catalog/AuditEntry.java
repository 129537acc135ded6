package io.lifeboat.catalog;

import jakarta.annotation.Nullable;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit trail: a start or a signal, who sent it and what became of it.
 *
 * @param id assigned by the catalog; null before the entry is appended
 * @param action {@code start}, {@code approve}, {@code reject}, {@code retry}, {@code skip} or
 *     {@code abort}; a start of a backup, verification, restore or retention names it in
 *     {@code detail}, a runbook's start in {@code runbook}
 * @param outcome {@link #ACCEPTED}, or why the API refused the request
 */
public record AuditEntry(
    @Nullable Long id,
    Instant at,
    String principal,
    String action,
    @Nullable String runId,
    @Nullable String runbook,
    @Nullable String step,
    @Nullable String reason,
    String outcome,
    @Nullable String detail) {
  public static final String ACCEPTED = "ACCEPTED";

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
  }
}
