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
import io.lifeboat.workflows.schedule.ScheduledRun;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflow;
import io.lifeboat.workflows.tenants.TenantBackupResult;
import io.lifeboat.workflows.tenants.TenantBackupWorkflow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention against the real thing: backups made by the real backup workflow into S3Proxy,
 * indexed in a real catalog, then a dry run (deletes nothing), a real run (deletes objects and
 * catalog entries of exactly the planned backups), and a run that finds a deletion a killed run
 * left half done and finishes it; and a target with tenants, whose own backups and each tenant's
 * are pruned apart.
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

  /**
   * Tenant backups made by the scheduled run a tenant-backup schedule fires (the fan-out, one
   * pg-schema backup per tenant), then retention keeping the newest of each: the target's own
   * backups and each tenant's are pruned apart, the newest verified backup of a tenant survives,
   * and nothing of another tenant's is touched.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void eachTenantsScheduledBackupsArePrunedApartFromTheTargetsOwnAndTheOtherTenants() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(TARGET), false)) {
      try (Connection db = stack.embedded.postgres().connect(TARGET); Statement sql = db.createStatement()) {
        SampleDatabase.create(db, 1);
        for (String tenant : List.of("tenant_a", "tenant_b")) {
          sql.execute("CREATE SCHEMA " + tenant);
          sql.execute("CREATE TABLE " + tenant + ".notes AS SELECT g AS id, 'note ' || g AS body"
              + " FROM generate_series(1, 20) g");
        }
      }
      RetentionConfig retention = new RetentionConfig();
      retention.setKeepLast(1);
      stack.config.getTargets().get(TARGET).setRetention(retention);
      LifeboatWorker worker = new LifeboatWorker(stack.config, new MetricRegistry());
      worker.start();
      try {
        String w1 = backUpWholeDatabase(stack);
        List<TenantBackupResult.Tenant> first = backUpTenants(stack);
        String w2 = backUpWholeDatabase(stack);
        List<TenantBackupResult.Tenant> second = backUpTenants(stack);
        List<TenantBackupResult.Tenant> third = backUpTenants(stack);
        String a1 = first.get(0).backupId();
        String b1 = first.get(1).backupId();
        String a2 = second.get(0).backupId();
        String b2 = second.get(1).backupId();
        String a3 = third.get(0).backupId();
        String b3 = third.get(1).backupId();
        stack.catalog.markVerified(a1, Instant.now()); // tenant_a's newest verified backup
        stack.catalog.markVerified(w2, Instant.now());
        assertThat(stack.catalog.findBackup(a1)).get().extracting(BackupEntry::kind, BackupEntry::schema)
            .containsExactly("pg-schema", "tenant_a");

        RetentionResult result = run(stack, false);

        assertThat(result.deleted()).containsExactly(w1, a2, b2, b1);
        assertThat(result.decisions()).filteredOn(Decision::keep)
            .extracting(Decision::backupId, Decision::schema, Decision::keptBy).containsExactly(
                org.assertj.core.groups.Tuple.tuple(w2, null, List.of("newest", "newest verified", "last 1")),
                org.assertj.core.groups.Tuple.tuple(a3, "tenant_a", List.of("newest", "last 1")),
                org.assertj.core.groups.Tuple.tuple(a1, "tenant_a", List.of("newest verified")),
                org.assertj.core.groups.Tuple.tuple(b3, "tenant_b", List.of("newest", "last 1")));
        List<String> keys = keys(stack);
        for (String gone : List.of(w1, a2, b2, b1)) {
          assertThat(keys).noneMatch(k -> k.contains("/" + gone + "/"));
          assertThat(stack.catalog.findBackup(gone)).map(BackupEntry::status).contains(BackupEntry.Status.DELETED);
        }
        for (String kept : List.of(w2, a3, a1, b3)) {
          assertThat(keys).anyMatch(k -> k.endsWith("/" + kept + "/manifest.json"));
          assertThat(stack.catalog.findBackup(kept)).map(BackupEntry::status).contains(BackupEntry.Status.COMPLETED);
        }
        assertThat(stack.catalog.latestSchemaBackup(TARGET, "pg-schema", "tenant_b")).get()
            .extracting(BackupEntry::backupId).isEqualTo(b3);
        assertThat(run(stack, false).deleted()).as("applied again").isEmpty();
      } finally {
        worker.stop();
      }
    }
  }

  private static String backUpWholeDatabase(LifeboatStack stack) {
    return stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET))
        .backup(new BackupRequest(TARGET, "retention test", "tester")).backupId();
  }

  /** What a firing of a tenant-backup schedule does; its tenants in schema order. */
  private static List<TenantBackupResult.Tenant> backUpTenants(LifeboatStack stack) {
    String started = stack.workflow(ScheduledRunWorkflow.class, ScheduledRunWorkflow.scheduleId(TARGET, "tenants"))
        .fire(new ScheduledRun(TARGET, "tenants", ScheduledRun.TENANT_BACKUP, null, "tenant_*", 2));
    assertThat(started).isEqualTo(TenantBackupWorkflow.workflowId(TARGET, "tenant_*"));
    TenantBackupResult result = stack.client().newUntypedWorkflowStub(started).getResult(TenantBackupResult.class);
    assertThat(result.tenants()).extracting(TenantBackupResult.Tenant::schema).containsExactly("tenant_a", "tenant_b");
    return result.tenants();
  }

  private static RetentionResult run(LifeboatStack stack, boolean dryRun) {
    RetentionRequest request = new RetentionRequest(TARGET, dryRun, "tester", "test");
    return stack.workflow(RetentionWorkflow.class, RetentionWorkflow.workflowId(request)).apply(request);
  }

  private static List<String> keys(LifeboatStack stack) {
    return stack.worker.backups().objects().list(stack.worker.backups().objects().key(TARGET + "/"));
  }
}
