package io.lifeboat.workflows.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.TaskQueues;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.StepState;
import io.lifeboat.workflows.replication.CopySyncLine;
import io.lifeboat.workflows.replication.CopySyncReport;
import io.lifeboat.workflows.replication.CopySyncRequest;
import io.lifeboat.workflows.replication.CopySyncWorkflow;
import io.lifeboat.workflows.replication.CopySyncWorkflowImpl;
import io.lifeboat.workflows.testing.Histories;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sync's orchestration over locations in memory ({@link FakeCopySites}). */
class CopySyncWorkflowTest {
  private TestWorkflowEnvironment env;
  private WorkflowClient client;
  private final FakeCopySites sites = new FakeCopySites();

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    RunAttributesForTests.register(env);
    Worker worker = env.newWorker(TaskQueues.DEFAULT);
    worker.registerWorkflowImplementationTypes(CopySyncWorkflowImpl.class);
    worker.registerActivitiesImplementations(sites);
    env.start();
    client = env.getWorkflowClient();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  private CopySyncWorkflow workflow(CopySyncRequest request) {
    return client.newWorkflowStub(CopySyncWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DEFAULT).setWorkflowId(CopySyncWorkflow.workflowId(request)).build());
  }

  @Test
  void everyLocationGetsWhatItLacksAndEachFailureIsOneLineWhileTheRestGoesOn() {
    CopySyncRequest request = new CopySyncRequest(null, null, "alice");
    CopySyncReport report = workflow(request).sync(request);
    Histories.keep(client, CopySyncWorkflow.workflowId(request), "copies-sync");

    assertThat(report.lines()).extracting(CopySyncLine::toString).containsExactly(
        "offsite: backup b2 copied (3 of 3 objects, 300 bytes)",
        "offsite: backup lost failed (backup lost has lost dump.zst.pgp in the primary bucket)",
        "offsite: backups already there (1 intact)",
        "offsite: WAL of main already there (3 files intact)",
        "vault: backup b1 copied (3 of 3 objects, 300 bytes)",
        "vault: backup b2 copied (3 of 3 objects, 300 bytes)",
        "vault: backup lost failed (backup lost has lost dump.zst.pgp in the primary bucket)",
        "vault: WAL of main copied (3 of 3 files)");
    assertThat(report.summary()).isEqualTo("4 copied, 2 already there, 2 failed");
    assertThat(client.newWorkflowStub(CopySyncWorkflow.class, CopySyncWorkflow.workflowId(request)).progress()
        .steps()).extracting(StepState::name, StepState::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("plan", StepState.Status.DONE),
            org.assertj.core.groups.Tuple.tuple("offsite", StepState.Status.DONE),
            org.assertj.core.groups.Tuple.tuple("vault", StepState.Status.DONE));
  }

  @Test
  void thousandsOfBackupsGoByPagesSoTheHistoryAndTheReportStayShort() {
    sites.backups.clear();
    for (int i = 0; i < 1_000; i++) {
      String id = String.format("bulk%04d", i);
      sites.backups.add(id);
      sites.held.get("offsite").add(id);
    }
    CopySyncRequest request = new CopySyncRequest(null, null, "alice");
    CopySyncReport report = workflow(request).sync(request);

    assertThat(sites.copyCalls).as("every backup at every location").hasSize(2_000);
    int events = client.fetchHistory(CopySyncWorkflow.workflowId(request)).getHistory().getEventsCount();
    assertThat(events).as("a few events per page of backups, not per backup").isLessThan(250);
    assertThat(report.lines()).extracting(CopySyncLine::toString).contains(
        "offsite: backups already there (1000 intact)", "vault: backups copied (800 more, not listed)");
    assertThat(report.lines()).hasSize(1 + 1 + 200 + 1 + 1)
        .filteredOn(l -> l.location().equals("vault") && l.outcome() == CopySyncLine.Outcome.COPIED)
        .hasSize(200 + 1 + 1);
  }

  @Test
  void anUnreachableLocationIsOneFailedLineAndTheOthersAreSynced() {
    sites.unreachable.add("offsite");
    CopySyncRequest request = new CopySyncRequest(null, null, "alice");
    CopySyncReport report = workflow(request).sync(request);

    assertThat(report.lines()).first().hasToString("offsite: location failed (offsite cannot be reached)");
    assertThat(sites.copyCalls).allMatch(c -> c.startsWith("vault "));
    assertThat(report.count(CopySyncLine.Outcome.COPIED)).isEqualTo(3);
  }

  @Test
  void anUnknownLocationFailsTheRunNamingTheDeclaredOnesAndCopiesNothing() {
    CopySyncRequest request = new CopySyncRequest("ofsite", null, "alice");
    assertThatThrownBy(() -> workflow(request).sync(request)).satisfies(e -> {
      assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_REQUEST);
      assertThat(Failures.message(e.getCause())).contains("'ofsite'").contains("declared: offsite, vault");
    });
    assertThat(sites.copyCalls).isEmpty();
  }
}
