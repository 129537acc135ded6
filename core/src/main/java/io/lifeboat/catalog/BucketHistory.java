package io.lifeboat.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code catalog rebuild} read back from the bucket's {@code _lifeboat/} records, beside the
 * backup index: runs, the audit trail with its chain, the newest verification of each backup, and
 * the off-site copies' checks.
 */
public record BucketHistory(List<RunEntry> runs, List<ChainedAudit> audit, Map<String, Instant> verifications,
    List<CopyEntry> copies) {

  /** An audit event with the hashes that chain it: its own object's and the one before it. */
  public record ChainedAudit(AuditEntry entry, String previousSha256, String sha256) {}

  public BucketHistory {
    runs = List.copyOf(runs);
    audit = List.copyOf(audit);
    verifications = Map.copyOf(verifications);
    copies = List.copyOf(copies);
  }
}
