package io.lifeboat.workflows.retention;

import io.lifeboat.workflows.retention.RetentionActivities.WalPruning;
import io.lifeboat.workflows.tiers.StorageTierActivities.TierChange;
import java.time.Instant;
import java.util.List;

/**
 * What a retention run decided and did.
 *
 * @param policy the policy applied; null when the target has none (then everything is kept)
 * @param evaluatedAt the "now" the policy was evaluated at
 * @param decisions every backup of the target, newest first, with the rules that kept it
 * @param deleted backups deleted by this run (empty on a dry run), including deletions an
 *     interrupted earlier run had begun
 * @param transitioned kept backups moved to a colder storage class by their age (empty on a dry run)
 * @param wal the archived WAL pruned with the backups (null for runs recorded before pruning existed)
 */
public record RetentionResult(
    String target,
    boolean dryRun,
    RetentionPolicy policy,
    Instant evaluatedAt,
    List<Decision> decisions,
    List<String> deleted,
    List<TierChange> transitioned,
    WalPruning wal) {}
