package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.api.TargetStatuses;
import io.lifeboat.api.wire.TargetStatus;
import io.lifeboat.api.wire.TargetStatus.CopyLag;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.config.CopyLocationConfig;
import io.lifeboat.config.RetentionConfig;
import io.lifeboat.config.StorageConfig;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.replication.ReplicationWorkflow;
import io.lifeboat.workflows.retention.RetentionRequest;
import io.lifeboat.workflows.retention.RetentionResult;
import io.lifeboat.workflows.retention.RetentionWorkflow;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Off-site copies without anyone asking, against the real thing (S3Proxy buckets, the catalog,
 * the Temporal test server): each backup starts its copy to the locations that take every backup,
 * the lag per location is what the API reports, and retention deletes a backup's copies with it.
 */
class AutomaticReplicationEndToEndTest {
  private static final String TARGET = "auto";

  @TempDir Path dir;

  @Test
  void eachBackupIsCopiedLagIsReportedAndRetentionDeletesTheCopiesToo() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(TARGET), false)) {
      try (Connection db = stack.embedded.postgres().connect(TARGET)) {
        SampleDatabase.create(db, 1);
      }
      StorageConfig storage = stack.config.getStorage();
      CopyLocationConfig vault = location(storage, "vault", "lifeboat-vault");
      vault.setAfterEachBackup(false); // copied only when asked: never, here
      storage.setCopies(List.of(location(storage, "offsite", "lifeboat-offsite"), vault));
      RetentionConfig keepOne = new RetentionConfig();
      keepOne.setKeepLast(1);
      stack.config.getTargets().get(TARGET).setRetention(keepOne);
      LifeboatWorker worker = new LifeboatWorker(stack.config, new MetricRegistry());
      worker.start();
      try {
        BackupResult first = backup(stack);
        awaitCopy(stack, first.backupId());
        BackupResult second = backup(stack);
        awaitCopy(stack, second.backupId());

        for (BackupResult b : List.of(first, second)) {
          assertThat(stack.catalog.copiesOf(b.backupId())).singleElement().satisfies(c -> {
            assertThat(c.location()).isEqualTo("offsite");
            assertThat(c.status()).isEqualTo(CopyEntry.Status.COPIED);
          });
        }
        ObjectStore offsite = store(storage, "lifeboat-offsite");
        assertThat(offsite.list(offsite.key(TARGET + "/"))).anyMatch(k -> k.endsWith(first.backupId() + "/manifest.json"))
            .anyMatch(k -> k.endsWith(second.backupId() + "/manifest.json"));
        TargetStatus status = new TargetStatuses(stack.config.getTargets(), storage.getCopies(), stack.config.getDrills(), stack.catalog,
            Clock.systemUTC()).all().get(0);
        assertThat(status.copies()).containsExactly(
            new CopyLag("offsite", second.backupId(), second.recoveryPoint(),
                stack.catalog.copiesOf(second.backupId()).get(0).copiedAt(), 0L),
            new CopyLag("vault", null, null, null, null));

        // Retention keeps the newest only: the first backup goes, from the primary and from offsite.
        RetentionRequest apply = new RetentionRequest(TARGET, false, "tester", "test");
        RetentionResult applied = stack.workflow(RetentionWorkflow.class, RetentionWorkflow.workflowId(apply))
            .apply(apply);
        assertThat(applied.deleted()).containsExactly(first.backupId());
        assertThat(offsite.list(offsite.key(TARGET + "/"))).noneMatch(k -> k.contains(first.backupId()))
            .anyMatch(k -> k.endsWith(second.backupId() + "/manifest.json"));
        assertThat(stack.catalog.copiesOf(first.backupId())).singleElement()
            .satisfies(c -> assertThat(c.status()).isEqualTo(CopyEntry.Status.DELETED));
        assertThat(stack.catalog.findBackup(first.backupId())).map(BackupEntry::status)
            .contains(BackupEntry.Status.DELETED);

        // Again: nothing more to delete, and the kept backup's copy is untouched.
        assertThat(stack.workflow(RetentionWorkflow.class, RetentionWorkflow.workflowId(apply)).apply(apply).deleted())
            .isEmpty();
        assertThat(stack.catalog.copiesOf(second.backupId())).singleElement()
            .satisfies(c -> assertThat(c.status()).isEqualTo(CopyEntry.Status.COPIED));
        offsite.close();
      } finally {
        worker.stop();
      }
    }
  }

  private static BackupResult backup(LifeboatStack stack) {
    return stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET))
        .backup(new BackupRequest(TARGET, "automatic replication test", "tester"));
  }

  /** The backup run started the copy as its own workflow; wait for it to end. */
  private static void awaitCopy(LifeboatStack stack, String backupId) {
    stack.client().newUntypedWorkflowStub(ReplicationWorkflow.workflowId(backupId)).getResult(List.class);
  }

  /** Another bucket of the same S3Proxy, with its own entry (and credentials) in the configuration. */
  static CopyLocationConfig location(StorageConfig primary, String name, String bucket) {
    CopyLocationConfig copy = new CopyLocationConfig();
    copy.setName(name);
    copy.setEndpoint(primary.getEndpoint());
    copy.setRegion(primary.getRegion());
    copy.setBucket(bucket);
    copy.setPrefix(primary.getPrefix());
    copy.setAccessKey(primary.getAccessKey());
    copy.setSecretKey(primary.getSecretKey());
    copy.setPathStyle(primary.isPathStyle());
    return copy;
  }

  private static ObjectStore store(StorageConfig primary, String bucket) {
    return new ObjectStore(ObjectStore.client(primary.getEndpoint(), primary.getRegion(), primary.getAccessKey(),
        primary.getSecretKey(), primary.isPathStyle()), bucket, primary.getPrefix(), ObjectStore.MIN_PART_SIZE, 1);
  }
}
