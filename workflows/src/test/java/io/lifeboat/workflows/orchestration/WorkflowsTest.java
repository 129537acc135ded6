package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.tenants.TenantBackupWorkflowImpl;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflowImpl;
import io.lifeboat.workflows.replication.ReplicationWorkflowImpl;
import io.lifeboat.workflows.lock.LegalHoldWorkflowImpl;
import io.lifeboat.workflows.verify.VerifyWorkflowImpl;
import io.lifeboat.workflows.restore.RestoreWorkflowImpl;
import io.lifeboat.workflows.backup.BackupWorkflowImpl;
import io.lifeboat.workflows.schedule.ScheduledRun;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflow;
import io.lifeboat.workflows.testing.Histories;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.lock.LegalHoldRequest;
import io.lifeboat.workflows.lock.LegalHoldWorkflow;
import io.lifeboat.workflows.lock.LockReport;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.replication.ReplicationWorkflow;
import io.lifeboat.workflows.common.StepState;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.tenants.TenantBackupRequest;
import io.lifeboat.workflows.tenants.TenantBackupResult;
import io.lifeboat.workflows.tenants.TenantBackupWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The orchestration of backup, verify and restore, with fake activities and the in-memory test server. */
class WorkflowsTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeActivities fake = new FakeActivities();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    RunAttributesForTests.register(env);
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(
        BackupWorkflowImpl.class, VerifyWorkflowImpl.class, RestoreWorkflowImpl.class, ReplicationWorkflowImpl.class,
        LegalHoldWorkflowImpl.class, ScheduledRunWorkflowImpl.class, TenantBackupWorkflowImpl.class);
    worker.registerActivitiesImplementations(fake);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private <T> T stub(Class<T> type, String id) {
    return client.newWorkflowStub(type, WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.DEFAULT)
        .setWorkflowId(id).build());
  }

  @Test
  void backupDumpsIndexesAndRecordsTheRun() {
    BackupWorkflow backup = stub(BackupWorkflow.class, BackupWorkflow.workflowId("shop"));
    BackupResult result = backup.backup(new BackupRequest("shop", "test", "alice"));

    assertThat(result.backupId()).matches("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
    assertThat(result.recoveryPoint()).isEqualTo(FakeActivities.RECOVERY_POINT);
    assertThat(fake.calls).containsExactly("backup pg-dump shop", "index t/pg-dump", "locations shop");
    assertThat(WorkflowStub.fromTyped(backup).query("progress", RunProgress.class).steps())
        .filteredOn(s -> s.name().endsWith("-hook"))
        .extracting(s -> s.name() + " " + s.status() + ": " + s.detail())
        .containsExactly("before-hook SKIPPED: not configured for shop", "after-hook SKIPPED: not configured for shop");
    assertThat(fake.runs).extracting(r -> r.status().name()).containsExactly("RUNNING", "COMPLETED");
    assertThat(fake.runs.get(1).requestedBy()).isEqualTo("alice");
  }

  @Test
  void aBackupStartsItsOffSiteCopyAndCompletesWithoutWaitingForIt() {
    fake.locationsAfterBackup = List.of("vault");
    BackupWorkflow backup = stub(BackupWorkflow.class, BackupWorkflow.workflowId("shop"));
    BackupResult result = backup.backup(new BackupRequest("shop", "test", "alice"));

    List<?> copies = client.newUntypedWorkflowStub(ReplicationWorkflow.workflowId(result.backupId()))
        .getResult(List.class);
    assertThat(copies).hasSize(1);
    Histories.keep(client, ReplicationWorkflow.workflowId(result.backupId()), "replication");
    assertThat(fake.calls).containsExactly("backup pg-dump shop", "index t/pg-dump", "locations shop", "copy vault");
    assertThat(WorkflowStub.fromTyped(backup).query("progress", RunProgress.class).steps())
        .filteredOn(s -> s.name().equals("replicate")).singleElement()
        .satisfies(s -> assertThat(s.detail()).isEqualTo("copying to vault in replicate:" + result.backupId()));
  }

  @Test
  void verifyDropsTheScratchDatabaseAndFailsWhenRowCountsDiffer() {
    fake.testRestoreMismatches = List.of("public.orders: 10 rows in the backup, 9 after restore");
    VerifyWorkflow verify = stub(VerifyWorkflow.class, VerifyWorkflow.workflowId("b1"));

    assertThatThrownBy(() -> verify.verify(new VerifyRequest("b1", true, "bob")))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.VERIFICATION_MISMATCH);
          assertThat(Failures.message(e.getCause())).contains("public.orders");
        });
    assertThat(fake.calls).containsExactly("thaw b1", "integrity b1", "source b1", "lock b1", "test-restore b1");
    assertThat(fake.runs.get(fake.runs.size() - 1).status().name()).isEqualTo("FAILED");
  }

  @Test
  void verifyStopsAtACorruptedObjectWithoutATestRestore() {
    fake.integrityFailure = "object dump.zst.pgp: checksum mismatch";
    VerifyWorkflow verify = stub(VerifyWorkflow.class, VerifyWorkflow.workflowId("b1"));

    assertThatThrownBy(() -> verify.verify(new VerifyRequest("b1", true, "bob")))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.INTEGRITY));
    assertThat(fake.calls).containsExactly("thaw b1", "integrity b1");
  }

  @Test
  void verifyPassesAndMarksTheBackupVerified() {
    VerifyResult result = stub(VerifyWorkflow.class, VerifyWorkflow.workflowId("b1"))
        .verify(new VerifyRequest("b1", true, "bob"));

    assertThat(result.testRestore().comparison().compared()).isEqualTo(3);
    assertThat(result.testRestore().comparison().unit()).isEqualTo("tables");
    assertThat(result.readFrom()).isEqualTo(ReadSource.primary());
    assertThat(fake.calls).containsExactly(
        "thaw b1", "integrity b1", "source b1", "lock b1", "test-restore b1", "verified b1");
  }

  @Test
  void verifyFailsWhenAnObjectIsNotLockedAndNeverTestRestoresIt() {
    fake.lock = new LockReport(true, null, 3, null, List.of("dump.zst.pgp: no Object Lock retention"));
    VerifyWorkflow verify = stub(VerifyWorkflow.class, VerifyWorkflow.workflowId("b1"));

    assertThatThrownBy(() -> verify.verify(new VerifyRequest("b1", true, "bob")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.INTEGRITY);
          assertThat(Failures.message(e.getCause())).contains("not locked").contains("dump.zst.pgp");
        });
    assertThat(fake.calls).containsExactly("thaw b1", "integrity b1", "source b1", "lock b1");
  }

  @Test
  void aScheduledBackupRunsTheTargetsBackupUnderItsBusinessId() {
    String started = stub(ScheduledRunWorkflow.class, "schedule:shop:nightly")
        .fire(new ScheduledRun("shop", "nightly", ScheduledRun.BACKUP, null));

    assertThat(started).isEqualTo(BackupWorkflow.workflowId("shop"));
    assertThat(fake.calls).startsWith("backup pg-dump shop", "index t/pg-dump");
    assertThat(fake.runs).extracting(r -> r.requestedBy()).contains("schedule:nightly");
    Histories.keep(client, "schedule:shop:nightly", "scheduled-run");
  }

  @Test
  void aScheduledTenantBackupStartsTheFanOutUnderItsBusinessIdWithTheSchedulesPatternAndConcurrency() {
    fake.kind = FakeActivities.FakeKind.TENANT_SCHEMA;
    fake.schemas = List.of("tenant_a", "tenant_b", "tenant_c");

    String started = stub(ScheduledRunWorkflow.class, "schedule:shop:tenants")
        .fire(new ScheduledRun("shop", "tenants", ScheduledRun.TENANT_BACKUP, null, "tenant_*", 3));

    assertThat(started).isEqualTo(TenantBackupWorkflow.workflowId("shop", "tenant_*"));
    TenantBackupRequest request = client.getOptions().getDataConverter().fromPayloads(0, Optional.of(
        client.fetchHistory(started).getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getInput()),
        TenantBackupRequest.class, TenantBackupRequest.class);
    assertThat(request).isEqualTo(
        new TenantBackupRequest("shop", "tenant_*", 3, "scheduled (tenants)", "schedule:tenants"));
    TenantBackupResult result = client.newUntypedWorkflowStub(started).getResult(TenantBackupResult.class);
    assertThat(result.tenants()).extracting(TenantBackupResult.Tenant::schema)
        .containsExactly("tenant_a", "tenant_b", "tenant_c");
    assertThat(fake.calls).first().isEqualTo("list tenant_*");
    assertThat(fake.calls).filteredOn(c -> c.startsWith("backup"))
        .containsExactlyInAnyOrder("backup pg-schema schema tenant_a of shop", "backup pg-schema schema tenant_b of shop",
            "backup pg-schema schema tenant_c of shop");
    assertThat(fake.runs).extracting(r -> r.type() + " " + r.requestedBy()).contains(
        "TENANT_BACKUP schedule:tenants", "BACKUP schedule:tenants");
    Histories.keep(client, "schedule:shop:tenants", "scheduled-tenant-backup");
  }

  @Test
  void aScheduledTenantBackupWithoutSchemasIsRefusedBeforeListingAnything() {
    assertThatThrownBy(() -> stub(ScheduledRunWorkflow.class, "schedule:shop:tenants")
        .fire(new ScheduledRun("shop", "tenants", ScheduledRun.TENANT_BACKUP, null)))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_REQUEST);
          assertThat(Failures.message(e.getCause())).contains("add 'schemas:' to schedule tenants");
        });
    assertThat(fake.calls).isEmpty();
  }

  @Test
  void aScheduledVerifyFindsTheNewestBackupOfATargetOfAnyKind() {
    fake.kind = FakeActivities.FakeKind.FILES;
    String started = stub(ScheduledRunWorkflow.class, "schedule:uploads:weekly")
        .fire(new ScheduledRun("uploads", "weekly", ScheduledRun.VERIFY, null));

    assertThat(started).isEqualTo(VerifyWorkflow.workflowId("b1"));
    assertThat(fake.calls).first().isEqualTo("resolve uploads latest");
  }

  @Test
  void aLegalHoldIsAppliedToTheObjectsAndRecordedAsARun() {
    int objects = stub(LegalHoldWorkflow.class, "legal-hold:b1")
        .apply(new LegalHoldRequest("b1", true, "dana", "case 2026-117"));

    assertThat(objects).isEqualTo(3);
    assertThat(fake.calls).containsExactly("hold b1");
    assertThat(fake.runs).extracting(r -> r.type() + " " + r.status() + " " + r.reason())
        .containsExactly("LEGAL_HOLD RUNNING hold: case 2026-117", "LEGAL_HOLD COMPLETED hold: case 2026-117");
    Histories.keep(client, "legal-hold:b1", "legal-hold");
  }

  @Test
  void aRestoreOfAnArchivedBackupAsksForItAndWaitsWithBackingOffTimersBeforeReadingIt() {
    fake.archivedChecks.set(4);
    Instant before = Instant.ofEpochMilli(env.currentTimeMillis());
    RestoreWorkflow restore = stub(RestoreWorkflow.class, RestoreWorkflow.workflowId("shop", "shop"));

    restore.restore(new RestoreRequest("shop", "latest", "shop", false, null, "carol"));

    // 1 + 2 + 4 + 8 minutes of (skipped) timers, one check after each; only then the first read.
    assertThat(fake.calls).startsWith("resolve shop latest", "inspect shop at shop", "thaw b1", "thawed? b1", "thawed? b1", "thawed? b1",
        "thawed? b1", "integrity b1");
    assertThat(Duration.between(before, Instant.ofEpochMilli(env.currentTimeMillis())))
        .isGreaterThanOrEqualTo(Duration.ofMinutes(15));
    assertThat(restore.progress().steps()).filteredOn(s -> s.name().equals("thaw")).singleElement()
        .satisfies(s -> assertThat(s.detail()).isEqualTo("restored from the archive storage class after 15 min"));
  }

  @Test
  void restoreRefusesANonEmptyDatabaseWithoutReplaceAndTouchesNothing() {
    holdsFiveTables();
    RestoreWorkflow restore = stub(RestoreWorkflow.class, RestoreWorkflow.workflowId("shop", "shop"));

    assertThatThrownBy(() -> restore.restore(new RestoreRequest("shop", "latest", "shop", false, null, "carol")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DESTINATION_NOT_EMPTY);
          assertThat(Failures.message(e.getCause())).contains("--replace").contains("5 tables");
        });
    assertThat(fake.calls).containsExactly(
        "resolve shop latest", "inspect shop at shop");
  }

  @Test
  void restoreWithReplaceTakesASafetyBackupFirstAndReportsObjectives() {
    holdsFiveTables();
    fake.readSource = new ReadSource("offsite", "s3://lifeboat unreachable");
    Instant incident = FakeActivities.RECOVERY_POINT.plusSeconds(600);
    RestoreWorkflow restore = stub(RestoreWorkflow.class, RestoreWorkflow.workflowId("shop", "shop"));

    RestoreResult result = restore.restore(new RestoreRequest("shop", "latest", "shop", true, incident, "carol"));

    assertThat(fake.calls).containsExactly("resolve shop latest", "inspect shop at shop", "thaw b1", "integrity b1",
        "source b1", "backup pg-safety shop at shop", "index t/pg-safety",
        "restore b1 beside shop at shop", "compare shop at shop__staged",
        "swap shop at shop__staged in as shop at shop", "drop shop at shop__old");
    assertThat(result.safetyBackupId()).isNotNull();
    assertThat(result.readFrom()).isEqualTo(new ReadSource("offsite", "s3://lifeboat unreachable"));
    assertThat(result.achievedRpoMillis()).isEqualTo(600_000);
    assertThat(result.rpoMet()).isTrue();
    assertThat(result.achievedRtoMillis()).isEqualTo(result.completedAt().toEpochMilli() - incident.toEpochMilli());
    assertThat(fake.runs.get(fake.runs.size() - 1).achievedRpoMillis()).isEqualTo(600_000);
    // the fake target replaces data without a second person (replaceApproval: none); see ReplaceApprovalTest
    assertThat(restore.progress().steps()).allMatch(s -> s.status() == (s.name().equals("approval")
        ? StepState.Status.SKIPPED : StepState.Status.DONE));
  }

  @Test
  void restoreDropsTheStagingCopyAndKeepsTheLiveDatabaseWhenChecksFail() {
    fake.restoreMismatches = List.of("public.orders: missing after restore (10 rows in the backup)");
    RestoreWorkflow restore = stub(RestoreWorkflow.class, RestoreWorkflow.workflowId("shop", "shop_copy"));

    assertThatThrownBy(() -> restore.restore(new RestoreRequest("shop", "b1", "shop_copy", false, null, "carol")))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.VERIFICATION_MISMATCH));
    assertThat(fake.calls).endsWith("compare shop at shop_copy__staged", "discard staged shop at shop_copy")
        .noneMatch(c -> c.startsWith("swap"));
  }

  private void holdsFiveTables() {
    fake.destinationHoldsData = true;
    fake.destinationDescription = "5 tables, 10000 bytes";
  }
}
