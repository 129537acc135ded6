package io.lifeboat.api.wire;

import java.time.Instant;

/**
 * A backup's legal hold after {@code PUT} or {@code DELETE /api/v1/backups/{id}/legal-hold}: while
 * {@code held}, retention never deletes it. Who set or released it, and why, is in the audit trail.
 *
 * @param appliedIn the run that sets S3's own legal hold on the objects; null without Object Lock
 */
public record LegalHold(String backupId, boolean held, String by, String reason, Instant at, RunReference appliedIn) {}
