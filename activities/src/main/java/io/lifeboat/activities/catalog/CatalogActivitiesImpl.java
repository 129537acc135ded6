package io.lifeboat.activities.catalog;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.workflows.backup.CatalogActivities;
import java.time.Duration;
import java.time.Instant;

/** The catalog side of every workflow: index backups from their signed manifests, record runs. */
public class CatalogActivitiesImpl implements CatalogActivities {
  private final Catalog catalog;
  private final BackupStore store;

  public CatalogActivitiesImpl(Catalog catalog, BackupStore store) {
    this.catalog = catalog;
    this.store = store;
  }

  @Override
  public void recordBackup(String manifestKey) {
    SignedManifest signed = store.readManifest(manifestKey);
    catalog.recordBackup(signed.manifest(), signed.key(), signed.sha256());
  }

  @Override
  public void markVerified(String backupId, Instant verifiedAt) {
    catalog.markVerified(backupId, verifiedAt);
  }

  @Override
  public void recordRun(RunRecord run) {
    catalog.recordRun(new RunEntry(RunEntry.runId(run.workflowId(), run.runId()), RunEntry.Type.valueOf(run.type()),
        run.target(), run.backupId(), RunEntry.Status.valueOf(run.status()), run.startedAt(), run.endedAt(),
        millis(run.achievedRpoMillis()), millis(run.achievedRtoMillis()), millis(run.rpoObjectiveMillis()),
        millis(run.rtoObjectiveMillis()), run.requestedBy(), run.reason(), run.error()));
  }

  private static Duration millis(Long value) {
    return value == null ? null : Duration.ofMillis(value);
  }
}
