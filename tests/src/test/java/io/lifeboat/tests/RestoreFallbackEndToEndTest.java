package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.CopyEntry;
import io.lifeboat.config.StorageConfig;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.demo.DatabaseFingerprint;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.worker.embedded.EmbeddedS3;
import io.lifeboat.worker.embedded.FreePorts;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.replication.ReplicationWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verifications and restores that find the primary bucket unusable read the off-site copy, and
 * say so. Two S3Proxy instances: the primary (started here, so it can be stopped) and the
 * embedded stack's, which holds the copy in another bucket.
 */
class RestoreFallbackEndToEndTest {
  private static final String TARGET = "fallback";

  @TempDir Path dir;

  @Test
  void aMissingObjectACorruptObjectAndAStoppedPrimaryAreAllReadFromTheCopy() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(TARGET), false);
        EmbeddedS3 primaryS3 = EmbeddedS3.start(dir.resolve("primary-s3"), FreePorts.any())) {
      try (Connection db = stack.embedded.postgres().connect(TARGET)) {
        SampleDatabase.create(db, 1);
      }
      StorageConfig storage = stack.config.getStorage();
      storage.setCopies(List.of(AutomaticReplicationEndToEndTest.location(storage, "offsite", "lifeboat-offsite")));
      storage.setEndpoint(primaryS3.endpoint());
      LifeboatWorker worker = new LifeboatWorker(stack.config, new MetricRegistry());
      worker.start();
      try {
        DatabaseFingerprint source = DatabaseFingerprint.of(stack.server(), TARGET);
        BackupResult missing = backup(stack);
        BackupResult corrupt = backup(stack);
        assertThat(stack.catalog.copiesOf(corrupt.backupId())).singleElement()
            .satisfies(c -> assertThat(c.status()).isEqualTo(CopyEntry.Status.COPIED));
        ObjectStore primary = worker.backups().objects();

        // The primary lost an object of one backup: found missing up front, the copy is verified instead.
        primary.delete(dumpKey(missing));
        VerifyResult verified = verify(stack, missing.backupId());
        assertThat(verified.readFrom().location()).isEqualTo("offsite");
        assertThat(verified.readFrom().primaryProblem()).contains("no object at").contains("dump.zst.pgp");

        // Another's dump was changed in place: its checksum fails, the catalog remembers, the copy is read.
        primary.put(dumpKey(corrupt), "not a backup".getBytes(StandardCharsets.UTF_8));
        verified = verify(stack, corrupt.backupId());
        assertThat(verified.readFrom().location()).isEqualTo("offsite");
        assertThat(stack.catalog.primaryDamage(corrupt.backupId())).hasValueSatisfying(
            why -> assertThat(why).contains("SHA-256"));

        // The primary store is down altogether: the restore reads the copy and the data is whole.
        // (The backup missing an object: it has no damage recorded, so the primary is asked first.)
        primaryS3.close();
        RestoreResult restored = stack.workflow(RestoreWorkflow.class,
                RestoreWorkflow.workflowId(TARGET, "fallback_restored"))
            .restore(new RestoreRequest(TARGET, missing.backupId(), "fallback_restored", false, null, "tester"));
        assertThat(restored.readFrom().location()).isEqualTo("offsite");
        assertThat(DatabaseFingerprint.of(stack.server(), "fallback_restored")).isEqualTo(source);
        assertThat(restored.readFrom().primaryProblem()).contains("unreachable");
      } finally {
        worker.stop();
      }
    }
  }

  private static BackupResult backup(LifeboatStack stack) {
    BackupResult result = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET))
        .backup(new BackupRequest(TARGET, "fallback test", "tester"));
    stack.client().newUntypedWorkflowStub(ReplicationWorkflow.workflowId(result.backupId())).getResult(List.class);
    return result;
  }

  private static VerifyResult verify(LifeboatStack stack, String backupId) {
    return stack.workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(backupId))
        .verify(new VerifyRequest(backupId, true, "tester"));
  }

  private static String dumpKey(BackupResult backup) {
    return backup.manifestKey().replace("manifest.json", "dump.zst.pgp");
  }
}
