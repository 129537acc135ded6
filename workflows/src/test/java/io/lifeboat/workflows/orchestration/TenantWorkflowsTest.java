package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.tenants.TenantBackupWorkflowImpl;
import io.lifeboat.workflows.restore.RestoreWorkflowImpl;
import io.lifeboat.workflows.backup.BackupWorkflowImpl;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.StepState;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.tenants.TenantBackupRequest;
import io.lifeboat.workflows.tenants.TenantBackupResult;
import io.lifeboat.workflows.tenants.TenantBackupWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant backups (one schema, and the fan-out) and tenant restores, with fake activities. */
class TenantWorkflowsTest {
  private static final List<String> TENANTS = List.of("tenant_a", "tenant_b", "tenant_c", "tenant_d", "tenant_e");

  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeActivities fake = new FakeActivities();

  @BeforeEach
  void start() {
    fake.kind = FakeActivities.FakeKind.TENANT_SCHEMA;
    fake.destinationHoldsData = true;
    fake.destinationDescription = "2 tables, 8192 bytes";
    env = TestWorkflowEnvironment.newInstance();
    RunAttributesForTests.register(env);
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(
        BackupWorkflowImpl.class, RestoreWorkflowImpl.class, TenantBackupWorkflowImpl.class);
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
  void aTenantBackupDumpsOnlyItsSchemaAsASchemaBackup() {
    BackupResult result = stub(BackupWorkflow.class, BackupWorkflow.workflowId("shop", "tenant_a"))
        .backup(new BackupRequest("shop", "test", "alice", "tenant_a"));

    assertThat(result.kind()).isEqualTo("pg-schema");
    assertThat(fake.calls).containsExactly("backup pg-schema schema tenant_a of shop", "index t/pg-schema", "locations shop");
  }

  @Test
  void theFanOutBacksUpEveryTenantAtMostTwoAtATime() throws Exception {
    fake.schemas = TENANTS;
    fake.schemaDumpMillis = 300;
    String id = TenantBackupWorkflow.workflowId("shop", "tenant_*");

    TenantBackupWorkflow fanOut = stub(TenantBackupWorkflow.class, id);
    TenantBackupResult result = fanOut.backupTenants(new TenantBackupRequest("shop", "tenant_*", 0, "nightly", "alice"));

    assertThat(result.tenants()).extracting(TenantBackupResult.Tenant::schema).containsExactlyElementsOf(TENANTS);
    assertThat(result.failed()).isEmpty();
    assertThat(fake.mostDumpingAtOnce.get()).isEqualTo(TenantBackupWorkflow.DEFAULT_CONCURRENCY);
    assertThat(fake.calls).filteredOn(c -> c.startsWith("backup")).hasSize(5);
    for (String tenant : TENANTS) {
      assertThat(client.fetchHistory(BackupWorkflow.workflowId("shop", tenant)).getEvents()).isNotEmpty();
    }
    assertThat(fanOut.progress().steps())
        .allMatch(s -> s.status() == StepState.Status.DONE);

    // Kept as the determinism guard of TenantBackupWorkflowImpl (see ReplayTest).
    Path recorded = Path.of("src/test/resources/histories/tenant-backup.json");
    if (!Files.exists(recorded) && Boolean.getBoolean("lifeboat.recordHistories")) {
      Files.writeString(recorded, client.fetchHistory(id).toJson(true));
    }
  }

  @Test
  void oneTenantFailingNeitherStopsNorHidesTheOthers() {
    fake.schemas = TENANTS;
    fake.failingSchema = "tenant_c";
    TenantBackupWorkflow fanOut = stub(TenantBackupWorkflow.class, TenantBackupWorkflow.workflowId("shop", "tenant_*"));

    assertThatThrownBy(() -> fanOut.backupTenants(new TenantBackupRequest("shop", "tenant_*", 3, "nightly", "alice")))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.TENANT_BACKUPS_FAILED);
          assertThat(Failures.message(e.getCause()))
              .startsWith("1 of 5 tenant backups of target shop failed: tenant_c: pg_dump exited with 1")
              .contains("Backed up: tenant_a (", "tenant_e (");
          TenantBackupResult result = ((ApplicationFailure) e.getCause()).getDetails()
              .get(TenantBackupResult.class);
          assertThat(result.failed()).extracting(TenantBackupResult.Tenant::schema).containsExactly("tenant_c");
          assertThat(result.tenants()).filteredOn(t -> !t.failed()).hasSize(4).allMatch(t -> t.backupId() != null);
        });
    assertThat(fake.calls).filteredOn(c -> c.startsWith("backup")).hasSize(5);
    assertThat(fanOut.progress().steps()).filteredOn(s -> s.status() == StepState.Status.FAILED)
        .extracting(StepState::name).containsExactly("tenant_c");
  }

  @Test
  void aPatternMatchingNothingFailsBeforeAnyBackup() {
    TenantBackupWorkflow fanOut = stub(TenantBackupWorkflow.class, TenantBackupWorkflow.workflowId("shop", "x_*"));

    assertThatThrownBy(() -> fanOut.backupTenants(new TenantBackupRequest("shop", "x_*", 2, "nightly", "alice")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.UNKNOWN_SCHEMA);
          assertThat(Failures.message(e.getCause())).contains("matches 'x_*'");
        });
    assertThat(fake.calls).containsExactly("list x_*");
  }

  @Test
  void aTenantRestoreSwapsInTheCheckedCopyAndDropsTheOldOneLast() {
    RestoreWorkflow restore = stub(RestoreWorkflow.class, RestoreWorkflow.schemaWorkflowId("shop", "tenant_a"));

    RestoreResult result = restore.restore(new RestoreRequest("shop", "latest", null, true, null, "carol", "tenant_a"));

    String tenant = "schema tenant_a of shop";
    assertThat(fake.calls).containsExactly("resolve " + tenant + " latest", "inspect " + tenant, "thaw b1",
        "integrity b1", "source b1", "backup pg-schema-safety " + tenant, "index t/pg-schema-safety",
        "restore b1 beside " + tenant, "compare " + tenant + "__staged",
        "swap " + tenant + "__staged in as " + tenant, "drop " + tenant + "__old");
    assertThat(result.destination()).isEqualTo(tenant);
    assertThat(result.safetyBackupId()).isNotNull();
    // the fake target replaces data without a second person (replaceApproval: none); see ReplaceApprovalTest
    assertThat(restore.progress().steps()).allMatch(s -> s.status() == (s.name().equals("approval")
        ? StepState.Status.SKIPPED : StepState.Status.DONE));
  }

  @Test
  void aTenantRestoreRefusesANonEmptySchemaWithoutReplaceAndTouchesNothing() {
    RestoreWorkflow restore = stub(RestoreWorkflow.class, RestoreWorkflow.schemaWorkflowId("shop", "tenant_a"));

    assertThatThrownBy(() -> restore.restore(new RestoreRequest("shop", "latest", null, false, null, "carol",
        "tenant_a")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.DESTINATION_NOT_EMPTY);
          assertThat(Failures.message(e.getCause())).contains("--replace", "nothing was changed");
        });
    assertThat(fake.calls).containsExactly("resolve schema tenant_a of shop latest", "inspect schema tenant_a of shop");
  }

  @Test
  void aSchemaInUseLeavesTheLiveSchemaAndDropsTheStagingCopy() {
    fake.commitFailure = "schema tenant_a is in use";
    RestoreWorkflow restore = stub(RestoreWorkflow.class, RestoreWorkflow.schemaWorkflowId("shop", "tenant_a"));

    assertThatThrownBy(() -> restore.restore(new RestoreRequest("shop", "latest", null, true, null, "carol",
        "tenant_a")))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.SCHEMA_IN_USE));
    assertThat(fake.calls).endsWith("swap schema tenant_a of shop__staged in as schema tenant_a of shop",
        "discard staged schema tenant_a of shop");
  }

  @Test
  void aNewTenantIsRestoredWithoutSafetyBackupOrOldSchema() {
    fake.destinationHoldsData = false;
    RestoreWorkflow restore = stub(RestoreWorkflow.class, RestoreWorkflow.schemaWorkflowId("shop", "tenant_z"));

    restore.restore(new RestoreRequest("shop", "b1", null, false, null, "carol", "tenant_z"));

    assertThat(fake.calls).contains("swap schema tenant_z of shop__staged in as schema tenant_z of shop")
        .endsWith("drop what undoes the swap").noneMatch(c -> c.startsWith("backup"));
  }
}
