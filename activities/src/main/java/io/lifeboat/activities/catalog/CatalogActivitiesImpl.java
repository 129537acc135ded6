package io.lifeboat.activities.catalog;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.metrics.RunOutcomes;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.workflows.backup.CatalogActivities;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog side of every workflow: index backups from their signed manifests, record runs and
 * verifications. What the bucket keeps of them (docs/rebuild.md) is written right after, through
 * the outbox: an unreachable bucket never fails a run's bookkeeping. A run's end is counted here
 * too ({@link RunOutcomes}): every workflow records its end here once, whatever follows it
 * (the end's notifications).
 */
public class CatalogActivitiesImpl implements CatalogActivities {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogActivitiesImpl.class);

  private final Catalog catalog;
  private final BackupStore store;
  private final BucketOutbox outbox;
  private final RunOutcomes outcomes;

  public CatalogActivitiesImpl(Catalog catalog, BackupStore store, BucketOutbox outbox, RunOutcomes outcomes) {
    this.catalog = catalog;
    this.store = store;
    this.outbox = outbox;
    this.outcomes = outcomes;
  }

  /**
   * With Object Lock on, also records when the backup's lock ends, as S3 reports it for the
   * manifest (written last, so locked longest); verification checks every object's.
   */
  @Override
  public void recordBackup(String manifestKey) {
    SignedManifest signed = store.readManifest(manifestKey);
    catalog.recordBackup(signed.manifest(), signed.key(), signed.sha256());
    if (store.objects().lock().isPresent()) {
      store.objects().retention(manifestKey).ifPresentOrElse(
          retention -> catalog.recordLock(signed.manifest().backupId(), retention.retainUntilDate()),
          () -> LOG.error("storage.objectLock is set but s3://{}/{} has no Object Lock retention: is Object Lock"
              + " enabled on the bucket? Verification of {} will fail", store.objects().bucket(), manifestKey,
              signed.manifest().backupId()));
    }
  }

  @Override
  public void markVerified(String backupId, Instant verifiedAt) {
    catalog.markVerified(backupId, verifiedAt);
    outbox.flushSoon();
  }

  @Override
  public void recordRun(RunRecord run) {
    RunEntry entry = new RunEntry(RunEntry.runId(run.workflowId(), run.runId()), RunEntry.Type.valueOf(run.type().name()),
        run.target(), run.backupId(), RunEntry.Status.valueOf(run.status().name()), run.startedAt(), run.endedAt(),
        millis(run.achievedRpoMillis()), millis(run.achievedRtoMillis()), millis(run.rpoObjectiveMillis()),
        millis(run.rtoObjectiveMillis()), run.requestedBy(), run.reason(), run.error());
    // Counted after the write committed, and only by the write that ended the run: a retry counts nothing.
    if (catalog.recordRun(entry)) {
      outcomes.ended(entry, run.notApproved());
    }
    outbox.flushSoon();
  }

  private static Duration millis(Long value) {
    return value == null ? null : Duration.ofMillis(value);
  }
}
