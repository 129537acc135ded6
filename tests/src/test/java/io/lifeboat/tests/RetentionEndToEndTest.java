package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.config.RetentionConfig;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.retention.Decision;
import io.lifeboat.workflows.retention.RetentionRequest;
import io.lifeboat.workflows.retention.RetentionResult;
import io.lifeboat.workflows.retention.RetentionWorkflow;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention against the real thing: backups made by the real backup workflow into S3Proxy,
 * indexed in a real catalog, then a dry run (deletes nothing), a real run (deletes objects and
 * catalog entries of exactly the planned backups), and a run that finds a deletion a killed run
 * left half done and finishes it.
 */
class RetentionEndToEndTest {
  private static final String TARGET = "ret";

  @TempDir Path dir;

  @Test
  void dryRunThenRealRunThenResumeOfAnInterruptedDeletion() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(TARGET), false)) {
      try (Connection db = stack.embedded.postgres().connect(TARGET)) {
        SampleDatabase.create(db, 1);
      }
      RetentionConfig retention = new RetentionConfig();
      retention.setKeepLast(1);
      stack.config.getTargets().get(TARGET).setRetention(retention);
      LifeboatWorker worker = new LifeboatWorker(stack.config, new MetricRegistry());
      worker.start();
      try {
        List<BackupResult> backups = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          backups.add(stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET))
              .backup(new BackupRequest(TARGET, "retention test", "tester")));
        }
        // oldest first: b0 held, b1 verified (the newest verified), b2 and b3 deletable, b4 newest
        String b0 = backups.get(0).backupId();
        String b1 = backups.get(1).backupId();
        String b2 = backups.get(2).backupId();
        String b3 = backups.get(3).backupId();
        String b4 = backups.get(4).backupId();
        stack.catalog.markVerified(b0, Instant.now());
        stack.catalog.markVerified(b1, Instant.now());
        stack.catalog.setLegalHold(b0, true);
        List<String> objectsBefore = keys(stack);

        RetentionResult dry = run(stack, true);
        assertThat(dry.decisions()).filteredOn(d -> !d.keep()).extracting(Decision::backupId).containsExactly(b3, b2);
        assertThat(dry.decisions()).extracting(Decision::keptBy).containsExactly(
            List.of("newest", "last 1"), List.of(), List.of(), List.of("newest verified"), List.of("legal hold"));
        assertThat(dry.deleted()).isEmpty();
        assertThat(keys(stack)).isEqualTo(objectsBefore);
        assertThat(stack.catalog.listBackups(TARGET, 10)).allMatch(b -> b.status() == BackupEntry.Status.COMPLETED);

        // A crash half-way through deleting b3: marked DELETING, manifest gone, parts still there.
        stack.catalog.markDeleting(b3, Instant.now());
        String manifest3 = backups.get(3).manifestKey();
        stack.worker.backups().objects().delete(manifest3);
        assertThat(keys(stack)).anyMatch(k -> k.contains("/" + b3 + "/"));
        assertThat(stack.catalog.latestBackupBefore(TARGET, Instant.now()).map(BackupEntry::backupId)).contains(b4);

        RetentionResult real = run(stack, false);
        assertThat(real.deleted()).containsExactly(b3, b2); // the interrupted one first
        assertThat(keys(stack)).noneMatch(k -> k.contains("/" + b2 + "/") || k.contains("/" + b3 + "/"));
        for (String kept : List.of(b0, b1, b4)) {
          assertThat(keys(stack)).anyMatch(k -> k.endsWith(kept + "/manifest.json"));
          assertThat(stack.catalog.findBackup(kept)).map(BackupEntry::status).contains(BackupEntry.Status.COMPLETED);
        }
        assertThat(stack.catalog.findBackup(b2)).map(BackupEntry::status).contains(BackupEntry.Status.DELETED);
        assertThat(stack.catalog.findBackup(b3)).map(BackupEntry::status).contains(BackupEntry.Status.DELETED);

        // Applying it again deletes nothing more.
        List<String> objectsAfter = keys(stack);
        assertThat(run(stack, false).deleted()).isEmpty();
        assertThat(keys(stack)).isEqualTo(objectsAfter);
      } finally {
        worker.stop();
      }
    }
  }

  private static RetentionResult run(LifeboatStack stack, boolean dryRun) {
    RetentionRequest request = new RetentionRequest(TARGET, dryRun, "tester", "test");
    return stack.workflow(RetentionWorkflow.class, RetentionWorkflow.workflowId(request)).apply(request);
  }

  private static List<String> keys(LifeboatStack stack) {
    return stack.worker.backups().objects().list(stack.worker.backups().objects().key(TARGET + "/"));
  }
}
