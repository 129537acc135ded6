package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.config.CopyLocationConfig;
import io.lifeboat.config.StorageConfig;
import io.lifeboat.manifest.Sha256;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.worker.embedded.FreePorts;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.replication.CopySyncLine;
import io.lifeboat.workflows.replication.CopySyncReport;
import io.lifeboat.workflows.replication.CopySyncRequest;
import io.lifeboat.workflows.replication.CopySyncWorkflow;
import io.lifeboat.workflows.replication.ReplicationWorkflow;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copies sync} against real S3Proxy buckets: a location that takes every backup and whose
 * copies were deleted or damaged in place gets them again; a location with afterEachBackup: false
 * holds nothing until the sync; a location that does not answer is one failed line naming its
 * endpoint and bucket while the others are synced; an unknown location name is refused, naming
 * the declared ones, and nothing is copied.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CopiesSyncEndToEndTest {
  private static final String TARGET = "synced";

  @TempDir Path dir;

  @Test
  void syncRecopiesWhatIsMissingOrDamagedAndFillsTheOnRequestLocation() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(TARGET), false)) {
      try (Connection db = stack.embedded.postgres().connect(TARGET)) {
        SampleDatabase.create(db, 1);
      }
      StorageConfig storage = stack.config.getStorage();
      CopyLocationConfig vault = AutomaticReplicationEndToEndTest.location(storage, "vault", "lifeboat-vault");
      vault.setAfterEachBackup(false);
      CopyLocationConfig broken = AutomaticReplicationEndToEndTest.location(storage, "broken", "lifeboat-broken");
      broken.setEndpoint(URI.create("http://127.0.0.1:" + FreePorts.any()));
      broken.setAfterEachBackup(false);
      storage.setCopies(List.of(AutomaticReplicationEndToEndTest.location(storage, "offsite", "lifeboat-offsite"),
          vault, broken));
      LifeboatWorker worker = new LifeboatWorker(stack.config, new MetricRegistry());
      worker.start();
      ObjectStore primary = worker.backups().objects();
      ObjectStore offsite = store(storage, "lifeboat-offsite");
      ObjectStore vaultStore = store(storage, "lifeboat-vault");
      try {
        BackupResult first = backup(stack);
        BackupResult second = backup(stack);
        assertThat(vaultStore.list(vaultStore.key(""))).as("afterEachBackup: false, not asked yet").isEmpty();

        String lost = dumpKey(first);
        String damaged = dumpKey(second);
        offsite.delete(lost);
        offsite.put(damaged, "not a backup".getBytes(StandardCharsets.UTF_8));
        assertThat(stack.catalog.copiesOf(first.backupId())).as("the catalog still believes the copy intact")
            .singleElement().satisfies(c -> assertThat(c.status()).isEqualTo(CopyEntry.Status.COPIED));

        CopySyncReport report = sync(stack, new CopySyncRequest(null, null, "tester"));

        // a sync goes through backups in id order: two taken in one second are ordered by their suffixes
        String older = first.backupId().compareTo(second.backupId()) < 0 ? first.backupId() : second.backupId();
        String newer = older.equals(first.backupId()) ? second.backupId() : first.backupId();
        assertThat(report.lines()).extracting(l -> l.location() + " " + l.item() + " " + l.outcome()).containsExactly(
            "offsite backup " + older + " COPIED",
            "offsite backup " + newer + " COPIED",
            "vault backup " + older + " COPIED",
            "vault backup " + newer + " COPIED",
            "broken location FAILED");
        assertThat(report.lines().get(0).detail()).startsWith("1 of ");
        assertThat(report.lines().get(4).detail()).contains("'broken'").contains("s3://lifeboat-broken")
            .contains(broken.getEndpoint().toString()).contains("storage.copies");
        for (String key : List.of(lost, damaged)) {
          assertThat(Sha256.of(offsite.get(key))).as(key).isEqualTo(Sha256.of(primary.get(key)));
          assertThat(Sha256.of(vaultStore.get(key))).as(key).isEqualTo(Sha256.of(primary.get(key)));
        }
        assertThat(stack.catalog.copiesOf(second.backupId())).extracting(CopyEntry::location, CopyEntry::status)
            .contains(org.assertj.core.groups.Tuple.tuple("vault", CopyEntry.Status.COPIED));

        CopySyncReport again = sync(stack, new CopySyncRequest("vault", TARGET, "tester"));
        assertThat(again.lines()).as("backups found intact are counted, not listed").extracting(CopySyncLine::toString)
            .containsExactly("vault: backups already there (2 intact)");

        assertThatThrownBy(() -> sync(stack, new CopySyncRequest("vualt", null, "tester"))).satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_REQUEST);
          assertThat(Failures.message(e.getCause())).contains("no off-site location 'vualt'")
              .contains("declared: offsite, vault, broken");
        });
      } finally {
        offsite.close();
        vaultStore.close();
        worker.stop();
      }
    }
  }

  private static CopySyncReport sync(LifeboatStack stack, CopySyncRequest request) {
    return stack.workflow(CopySyncWorkflow.class, CopySyncWorkflow.workflowId(request)).sync(request);
  }

  private static BackupResult backup(LifeboatStack stack) {
    BackupResult result = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET))
        .backup(new BackupRequest(TARGET, "copies sync test", "tester"));
    stack.client().newUntypedWorkflowStub(ReplicationWorkflow.workflowId(result.backupId())).getResult(List.class);
    return result;
  }

  private static String dumpKey(BackupResult backup) {
    return backup.manifestKey().replace("manifest.json", "dump.zst.pgp");
  }

  private static ObjectStore store(StorageConfig primary, String bucket) {
    return new ObjectStore(ObjectStore.client(primary.getEndpoint(), primary.getRegion(), primary.getAccessKey(),
        primary.getSecretKey(), primary.isPathStyle()), bucket, primary.getPrefix(), ObjectStore.MIN_PART_SIZE, 1);
  }
}
