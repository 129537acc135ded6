package io.lifeboat.workflows.orchestration;

import io.lifeboat.workflows.retention.RetentionWorkflowImpl;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.retention.Decision;
import io.lifeboat.workflows.retention.RetentionRequest;
import io.lifeboat.workflows.retention.RetentionResult;
import io.lifeboat.workflows.retention.RetentionWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The retention run's orchestration, with the target's backups in memory (see {@link FakeRetentionSite}). */
class RetentionWorkflowTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeRetentionSite site = new FakeRetentionSite();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    RunAttributesForTests.register(env);
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(RetentionWorkflowImpl.class);
    worker.registerActivitiesImplementations(site);
    env.start();
    client = env.getWorkflowClient();
    site.add("b5", "2026-11-05T02:00:00Z", false);
    site.add("b4", "2026-11-04T02:00:00Z", false);
    site.add("b3", "2026-11-03T02:00:00Z", true);
    site.add("b2", "2026-11-02T02:00:00Z", true);
    site.add("b1", "2026-11-01T02:00:00Z", true);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private RetentionResult run(boolean dryRun) {
    RetentionWorkflow workflow = client.newWorkflowStub(RetentionWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DEFAULT).setWorkflowId(RetentionWorkflow.workflowId("shop")).build());
    return workflow.apply(new RetentionRequest("shop", dryRun, "alice", "test"));
  }

  @Test
  void keptBackupsDueForAColderClassMoveAfterTheDeletionsAndNotOnADryRun() {
    site.dueForColder.addAll(List.of("b3", "b1")); // b1 is deleted first: it never moves

    assertThat(run(true).transitioned()).isEmpty();
    assertThat(site.transitioned).isEmpty();

    RetentionResult result = run(false);
    assertThat(result.deleted()).containsExactly("b2", "b1");
    assertThat(result.transitioned()).extracting(t -> t.backupId() + " " + t.storageClass())
        .containsExactly("b3 GLACIER");
    assertThat(site.transitioned).containsExactly("b3");
  }

  @Test
  void aDryRunDeletesNothingAndSaysWhyEachSurvivorStays() {
    RetentionResult result = run(true);

    assertThat(site.deleteCalls).isEmpty();
    assertThat(site.backups).hasSize(5);
    assertThat(result.dryRun()).isTrue();
    assertThat(result.deleted()).isEmpty();
    assertThat(result.decisions()).extracting(Decision::backupId, Decision::keep, Decision::keptBy).containsExactly(
        org.assertj.core.groups.Tuple.tuple("b5", true, List.of("newest", "last 2")),
        org.assertj.core.groups.Tuple.tuple("b4", true, List.of("last 2")),
        org.assertj.core.groups.Tuple.tuple("b3", true, List.of("newest verified")),
        org.assertj.core.groups.Tuple.tuple("b2", false, List.of()),
        org.assertj.core.groups.Tuple.tuple("b1", false, List.of()));
    assertThat(site.runs).extracting(r -> r.type() + " " + r.status() + " " + r.reason())
        .containsExactly("RETENTION RUNNING dry run: test", "RETENTION COMPLETED dry run: test");
    assertThat(site.pruneCalls).as("WAL counted as if b2 and b1 were gone").containsExactly(
        "shop dry run deleting [b2, b1]");
  }

  @Test
  void aRealRunDeletesWhatThePlanSaysAndASecondRunDeletesNothingMore() throws Exception {
    RetentionResult result = run(false);

    assertThat(result.deleted()).containsExactly("b2", "b1");
    assertThat(site.deleteCalls).containsExactly("b2", "b1");
    assertThat(site.backups.keySet()).containsExactlyInAnyOrder("b5", "b4", "b3");
    assertThat(site.pruneCalls).as("WAL pruned after the deletions").containsExactly("shop deleting [b2, b1]");
    assertThat(result.wal().note()).isEqualTo("no base backup kept: all archived WAL kept");

    // Kept as the determinism guard of RetentionWorkflowImpl (see ReplayTest).
    String history = client.fetchHistory(RetentionWorkflow.workflowId("shop")).toJson(true);
    Path recorded = Path.of("src/test/resources/histories/retention.json");
    if (!Files.exists(recorded) && Boolean.getBoolean("lifeboat.recordHistories")) {
      Files.writeString(recorded, history);
    }

    assertThat(run(false).deleted()).isEmpty();
    assertThat(site.deleteCalls).containsExactly("b2", "b1");
  }

  @Test
  void eachTenantsBackupsArePrunedApartFromTheTargetsOwnInTheSameRun() {
    site.addTenant("a3", "tenant_a", "2026-11-05T03:00:00Z", false);
    site.addTenant("a2", "tenant_a", "2026-11-04T03:00:00Z", false);
    site.addTenant("a1", "tenant_a", "2026-11-01T03:00:00Z", true);
    site.addTenant("a0", "tenant_a", "2026-10-30T03:00:00Z", false);
    site.addTenant("z1", "tenant_z", "2026-10-01T03:00:00Z", false);

    RetentionResult result = run(false);

    // keep 2 of each: the target's b5 b4 (+ b3 newest verified), tenant_a's a3 a2 (+ a1), tenant_z's one
    assertThat(result.deleted()).containsExactly("b2", "b1", "a0");
    assertThat(site.backups.keySet()).containsExactlyInAnyOrder("b5", "b4", "b3", "a3", "a2", "a1", "z1");
    assertThat(result.decisions()).filteredOn(d -> d.schema() != null)
        .extracting(Decision::backupId, Decision::schema, Decision::keptBy).containsExactly(
            org.assertj.core.groups.Tuple.tuple("a3", "tenant_a", List.of("newest", "last 2")),
            org.assertj.core.groups.Tuple.tuple("a2", "tenant_a", List.of("last 2")),
            org.assertj.core.groups.Tuple.tuple("a1", "tenant_a", List.of("newest verified")),
            org.assertj.core.groups.Tuple.tuple("a0", "tenant_a", List.of()),
            org.assertj.core.groups.Tuple.tuple("z1", "tenant_z", List.of("newest", "last 2")));
  }

  @Test
  void aDeletionKilledHalfWayIsRetriedAndNothingElseIsDeletedTwice() {
    site.add("b0", "2026-10-31T02:00:00Z", true);
    site.crashOnDeletion = 2; // b1's objects are gone, but the activity never reported back

    RetentionResult result = run(false);

    assertThat(result.deleted()).containsExactly("b2", "b1", "b0");
    // b1 is asked twice (the retry finds it gone and succeeds); b2 and b0 once each.
    assertThat(site.deleteCalls).containsExactly("b2", "b1", "b1", "b0");
    assertThat(site.deleted).containsExactly("b2", "b1", "b0");
    assertThat(site.backups.keySet()).containsExactlyInAnyOrder("b5", "b4", "b3");
  }

  @Test
  void aNewRunFinishesTheDeletionsAnInterruptedRunBegan() {
    site.backups.remove("b1");
    site.interrupted.add("b1"); // an earlier, terminated run began deleting it

    RetentionResult result = run(false);

    assertThat(result.deleted()).containsExactly("b1", "b2");
    assertThat(site.interrupted).isEmpty();
  }

  @Test
  void withoutAPolicyEverythingIsKept() {
    site.policy = null;

    RetentionResult result = run(false);

    assertThat(site.deleteCalls).isEmpty();
    assertThat(result.policy()).isNull();
    assertThat(result.decisions()).allMatch(Decision::keep);
    assertThat(result.decisions().get(3).keptBy()).containsExactly("no retention policy");
  }

  @Test
  void theRunEvaluatesThePolicyAtWorkflowTime() {
    Instant before = Instant.ofEpochMilli(env.currentTimeMillis());
    RetentionResult result = run(true);
    assertThat(result.evaluatedAt()).isBetween(before, before.plusSeconds(60));
  }
}
