package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.replication.ReplicationWorkflowImpl;
import io.lifeboat.workflows.verify.VerifyWorkflowImpl;
import io.lifeboat.workflows.restore.RestoreWorkflowImpl;
import io.lifeboat.workflows.backup.BackupWorkflowImpl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.backup.ConfiguredHooks;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.orchestration.FakeActivities.FakeKind;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.testing.Histories;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every kind of source goes through the same backup (between its hooks), verify and restore steps:
 * the workflows name no kind, and what differs (a safety backup or data kept beside, what a comparison counts) comes
 * from the source's answers. Each kind's runs are kept as recorded histories (ReplayTest).
 */
@Timeout(60)
class EveryKindTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeActivities fake = new FakeActivities();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    RunAttributesForTests.register(env);
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(BackupWorkflowImpl.class, VerifyWorkflowImpl.class,
        RestoreWorkflowImpl.class, ReplicationWorkflowImpl.class);
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
        .setWorkflowId(id).setWorkflowRunTimeout(Duration.ofMinutes(1)).build());
  }

  private static TargetRef source(FakeKind kind) {
    return new TargetRef("app", kind == FakeKind.TENANT_SCHEMA ? "tenant_a" : null);
  }

  private static String name(FakeKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @ParameterizedTest
  @EnumSource(FakeKind.class)
  void backsUpThroughTheSameSteps(FakeKind kind) {
    fake.kind = kind;
    fake.hooks = new ConfiguredHooks(true, true);
    String id = "backup:" + name(kind);
    BackupResult result = stub(BackupWorkflow.class, id)
        .backup(new BackupRequest("app", "test", "alice", source(kind).schema()));

    assertThat(result.kind()).isEqualTo(kind.backupKind);
    assertThat(fake.calls).containsExactly("hook before app", "backup " + kind.backupKind + " " + source(kind),
        "hook after app", "index t/" + kind.backupKind, "locations app");
    Histories.keep(client, id, "backup-" + name(kind));
  }

  @ParameterizedTest
  @EnumSource(FakeKind.class)
  void verifiesThroughTheSameSteps(FakeKind kind) {
    fake.kind = kind;
    String id = "verify:" + name(kind);
    VerifyResult result = stub(VerifyWorkflow.class, id).verify(new VerifyRequest("b1", true, "bob"));

    assertThat(result.testRestore().comparison().unit()).isEqualTo(kind.unit);
    assertThat(fake.calls).containsExactly("thaw b1", "integrity b1", "source b1", "lock b1", "test-restore b1",
        "verified b1");
    Histories.keep(client, id, "verify-" + name(kind));
  }

  @ParameterizedTest
  @EnumSource(value = FakeKind.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRES_CLUSTER")
  void restoresOverLiveDataThroughTheSameSteps(FakeKind kind) {
    fake.kind = kind;
    fake.destinationHoldsData = true;
    fake.destinationDescription = "some data";
    String id = "restore:" + name(kind);
    TargetRef source = source(kind);
    RestoreResult result = stub(RestoreWorkflow.class, id).restore(
        new RestoreRequest(source, "latest", null, true, false, null, "carol", null, false));

    List<String> safety = kind.safetyBackup
        ? List.of("backup " + kind.safetyKind + " " + source, "index t/" + kind.safetyKind) : List.of();
    assertThat(fake.calls).startsWith("resolve " + source + " latest", "inspect " + source, "thaw b1", "integrity b1",
        "source b1");
    assertThat(fake.calls.subList(5, fake.calls.size())).containsExactlyElementsOf(concat(safety, List.of(
        "restore b1 beside " + source, "compare " + source + "__staged", "swap " + source + "__staged in as " + source,
        "drop " + source + "__old")));
    assertThat(result.safetyBackupId() != null).isEqualTo(kind.safetyBackup);
    assertThat(result.keptAs()).isNull();
    Histories.keep(client, id, "restore-" + name(kind));
  }

  @ParameterizedTest
  @EnumSource(value = FakeKind.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRES_CLUSTER")
  void keepsWhatItReplacedWhenAskedTo(FakeKind kind) {
    fake.kind = kind;
    fake.destinationHoldsData = true;
    RestoreResult result = stub(RestoreWorkflow.class, "restore:" + name(kind)).restore(
        new RestoreRequest(source(kind), "latest", null, true, true, null, "carol", null, false));

    assertThat(result.keptAs()).isEqualTo(source(kind) + "__old");
    assertThat(fake.calls).noneMatch(c -> c.startsWith("drop"));
  }

  @ParameterizedTest
  @EnumSource(value = FakeKind.class, mode = EnumSource.Mode.EXCLUDE, names = "POSTGRES_CLUSTER")
  void aRestoreThatDiffersFromItsBackupIsDiscardedBeforeTheSwap(FakeKind kind) {
    fake.kind = kind;
    fake.restoreMismatches = List.of("one differs");
    assertThatThrownBy(() -> stub(RestoreWorkflow.class, "restore:" + name(kind)).restore(
        new RestoreRequest(source(kind), "latest", "elsewhere", false, false, null, "carol", null, false)))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.VERIFICATION_MISMATCH));

    assertThat(fake.calls).endsWith("discard staged " + source(kind) + " at elsewhere")
        .noneMatch(c -> c.startsWith("swap"));
  }

  @org.junit.jupiter.api.Test
  void aRestoreRefusesToOverlapABackupOrRestoreOfItsTargetAndTouchesNothing() {
    fake.runningOnTarget.add("backup:app");
    assertThatThrownBy(() -> stub(RestoreWorkflow.class, "restore:busy").restore(
        new RestoreRequest("app", "latest", null, true, null, "carol")))
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(FailureTypes.TARGET_BUSY);
          assertThat(Failures.message(e.getCause())).contains("backup:app");
        });
    assertThat(fake.calls).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void aRestoreOntoAnotherServerGoesOnWhileABackupOfTheTargetRuns() {
    fake.runningOnTarget.add("backup:app"); // the lost primary's scheduled backup, still retrying

    RestoreResult result = stub(RestoreWorkflow.class, "restore:app:app@standby").restore(
        new RestoreRequest(TargetRef.of("app"), "latest", null, false, false, null, "carol", null, false, "standby",
            false, false));

    assertThat(result.destination()).isNotBlank();
    assertThat(fake.calls).anyMatch(c -> c.startsWith("swap"));
  }

  @org.junit.jupiter.api.Test
  void aKindThatCannotBeRestoredThisWayIsRefusedBeforeAnythingIsTouched() {
    fake.kind = FakeKind.POSTGRES_CLUSTER;
    fake.refuseDestination = "target app is a PostgreSQL cluster: it is restored to a point in time";
    assertThatThrownBy(() -> stub(RestoreWorkflow.class, "restore:cluster").restore(
        new RestoreRequest("app", "latest", null, true, null, "carol")))
        .satisfies(e -> assertThat(Failures.message(e.getCause())).contains("point in time"));
    assertThat(fake.calls).noneMatch(c -> c.startsWith("restore") || c.startsWith("swap") || c.startsWith("backup"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
