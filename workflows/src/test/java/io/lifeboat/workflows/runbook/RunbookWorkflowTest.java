package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.restore.RestoreWorkflowImpl;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.testing.RunAttributesForTests;
import static io.lifeboat.workflows.runbook.TestRunbooks.approve;
import static io.lifeboat.workflows.runbook.TestRunbooks.checksum;
import static io.lifeboat.workflows.runbook.TestRunbooks.fetch;
import static io.lifeboat.workflows.runbook.TestRunbooks.healthCheck;
import static io.lifeboat.workflows.runbook.TestRunbooks.migrate;
import static io.lifeboat.workflows.runbook.TestRunbooks.notifyStep;
import static io.lifeboat.workflows.runbook.TestRunbooks.parallel;
import static io.lifeboat.workflows.runbook.TestRunbooks.redirectTraffic;
import static io.lifeboat.workflows.runbook.TestRunbooks.restore;
import static io.lifeboat.workflows.runbook.TestRunbooks.runbook;
import static io.lifeboat.workflows.runbook.TestRunbooks.safetyBackup;
import static io.lifeboat.workflows.runbook.TestRunbooks.startServices;
import static io.lifeboat.workflows.runbook.TestRunbooks.stopServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.runbook.RunbookProgress.Status;
import io.lifeboat.workflows.runbook.RunbookStepState.State;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RunbookWorkflowTest {
  static final Instant INCIDENT = Instant.parse("2026-01-31T02:00:00Z");
  static final Instant NOW = Instant.parse("2026-01-31T02:10:00Z");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow = RunAttributesForTests.register(TestWorkflowExtension.newBuilder())
      .registerWorkflowImplementationTypes(RunbookWorkflowImpl.class, FakeBackupWorkflow.class,
          io.lifeboat.workflows.restore.RestoreWorkflowImpl.class)
      .setInitialTime(NOW)
      .setDoNotStart(true)
      .build();

  static final Runbook POSTGRES_RESTORE = runbook("postgres-restore",
      fetch("identify backup"),
      checksum("verify checksum"),
      stopServices("stop application", "app.service"),
      safetyBackup("safety backup"),
      Stage.single(restore("restore database", "orders")),
      migrate("run migrations", OnFailure.COMPENSATE),
      startServices("start application", "app.service"),
      healthCheck("application healthy", OnFailure.COMPENSATE));

  private static RunbookWorkflow start(
      TestWorkflowEnvironment env, Worker worker, FakeRecoverySite site, Runbook runbook, String startedBy,
      Map<String, String> parameters) {
    worker.registerActivitiesImplementations(site);
    env.start();
    RunbookWorkflow run = env.getWorkflowClient().newWorkflowStub(
        RunbookWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(worker.getTaskQueue())
            .setWorkflowId(RunbookWorkflow.workflowId(runbook.name(), "test"))
            .build());
    WorkflowClient.start(run::run, new RunbookRequest(runbook, parameters, startedBy));
    return run;
  }

  /** Queries until the run is where the test wants it; signals sent earlier would find nothing waiting. */
  private static RunbookProgress awaitProgress(RunbookWorkflow run, Predicate<RunbookProgress> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    RunbookProgress progress = run.progress();
    while (!condition.test(progress)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("run never reached the expected state: " + progress);
      }
      Thread.sleep(20);
      progress = run.progress();
    }
    return progress;
  }

  private static Predicate<RunbookProgress> waiting(String step) {
    return p -> p.steps().stream().anyMatch(s -> s.name().equals(step) && s.state() == State.WAITING);
  }

  private static RunbookProgress result(RunbookWorkflow run) {
    return WorkflowStub.fromTyped(run).getResult(RunbookProgress.class);
  }

  private static ApplicationFailure failure(RunbookWorkflow run) {
    WorkflowFailedException failed = catchThrowableOfType(WorkflowFailedException.class, () -> result(run));
    assertThat(failed).as("the run should have failed").isNotNull();
    return (ApplicationFailure) failed.getCause();
  }

  private static RunbookStepState step(RunbookProgress progress, String name) {
    return progress.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void restoresStepByStepAndMeasuresTheObjectives(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite();
    RunbookWorkflow run = start(env, worker, site, POSTGRES_RESTORE, "alice",
        Map.of("incident_at", INCIDENT.toString()));

    RunbookProgress done = result(run);

    assertThat(site.journal).containsExactly(
        "resolveBackup orders latest",
        "checkIntegrity b-orders",
        "stopServices [app.service]",
        "inspectDatabase orders", // the safety backup step: a database takes one (the fake backup workflow)
        "inspectDatabase orders", // the restore step: into what the safety backup copied, so no second one
        // the restore every restore runs: the backup by id, the destination
        "resolveBackup orders b-orders",
        "inspectDatabase orders",
        "restoreInto b-orders",
        "compareRowCounts b-orders",
        "swapIn orders",
        "migrate migrate.sh",
        "startServices [app.service]",
        "healthCheck http://app/health",
        "dropRetired orders");
    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(done.steps()).allSatisfy(s -> {
      assertThat(s.state()).isEqualTo(State.DONE);
      assertThat(s.attempts()).isEqualTo(1);
      assertThat(s.endedAt()).isAfterOrEqualTo(s.startedAt());
    });
    assertThat(step(done, "safety backup").detail()).isEqualTo("safety backup safety-orders of orders");
    RecoveryMeasures measures = done.measures();
    assertThat(measures.incidentAt()).isEqualTo(INCIDENT);
    assertThat(measures.recoveryPoint()).isEqualTo(FakeRecoverySite.RECOVERY_POINT);
    assertThat(measures.achievedRpo()).isEqualTo(Duration.ofHours(1));
    assertThat(measures.rpoObjective()).isEqualTo(Duration.ofHours(1));
    assertThat(measures.rpoMet()).isTrue();
    assertThat(measures.achievedRto()).isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11));
    assertThat(measures.rtoMet()).isTrue();
    assertThat(run.progress()).isEqualTo(done);
    // the runbook's run and, inside it, its restore's
    assertThat(site.catalogRuns).extracting(r -> r.type() + " " + r.status())
        .containsExactly("RUNBOOK RUNNING", "RESTORE RUNNING", "RESTORE COMPLETED", "RUNBOOK COMPLETED");
    CatalogActivities.RunRecord recorded = site.catalogRuns.get(3);
    assertThat(recorded.type()).isEqualTo(RunType.RUNBOOK);
    assertThat(recorded.requestedBy()).isEqualTo("alice");
    assertThat(recorded.achievedRpoMillis()).isEqualTo(Duration.ofHours(1).toMillis());
    assertThat(recorded.achievedRtoMillis()).isEqualTo(measures.achievedRto().toMillis());
    assertThat(recorded.rtoObjectiveMillis()).isEqualTo(measures.rtoObjective().toMillis());
  }

  @Test
  void runsTheStepsOfAParallelGroupAtTheSameTime(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite().restoresMeetInParallel(2);
    Runbook runbook = runbook("full-system-restore",
        parallel("restore databases", restore("restore orders", "orders"), restore("restore accounts", "accounts")),
        notifyStep("announce"));

    RunbookProgress done = result(start(env, worker, site, runbook, "alice", Map.of()));

    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(site.journal).contains("restoreInto b-orders", "restoreInto b-accounts");
    assertThat(site.journal.indexOf("restoreInto b-accounts")).isLessThan(site.journal.indexOf("swapIn orders"));
    assertThat(site.journal.indexOf("restoreInto b-orders")).isLessThan(site.journal.indexOf("swapIn accounts"));
    assertThat(site.journal.subList(site.journal.size() - 3, site.journal.size())).as("replaced databases go last")
        .containsExactlyInAnyOrder("sendNotification hello", "dropRetired orders", "dropRetired accounts");
    assertThat(site.journal.indexOf("sendNotification hello")).isLessThan(site.journal.indexOf("dropRetired orders"));
    assertThat(done.steps()).filteredOn(s -> s.name().startsWith("restore"))
        .extracting(RunbookStepState::group).containsOnly("restore databases");
  }

  @Test
  void aFailureAfterARestorePutsTheReplacedDatabaseBack(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite().failing("healthCheck", 1);
    Runbook runbook = runbook("restore-then-check",
        Stage.single(restore("restore orders", "orders")),
        healthCheck("application healthy", OnFailure.COMPENSATE));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());

    failure(run);

    // undone: the replaced database back (the restore had cleaned up its own staging copy)
    assertThat(site.journal).containsSubsequence("swapIn orders", "healthCheck http://app/health", "swapBack orders");
    assertThat(site.journal).doesNotContain("dropRetired orders");
  }

  @Test
  void failingHealthCheckUndoesWhatWasDoneInReverseOrder(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite().failing("healthCheck", 1);
    Runbook runbook = runbook("switch-over",
        stopServices("stop application", "app.service"),
        redirectTraffic("redirect traffic"),
        healthCheck("application healthy", OnFailure.COMPENSATE),
        notifyStep("never reached"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());

    ApplicationFailure failure = failure(run);

    assertThat(failure.getType()).isEqualTo(RunbookWorkflow.STEP_FAILED);
    assertThat(failure.getOriginalMessage()).isEqualTo("step 'application healthy' failed: healthCheck broke (fake)");
    assertThat(site.journal).containsExactly(
        "stopServices [app.service]",
        "redirectTraffic old->new",
        "healthCheck http://app/health",
        "sendTrafficBack new->old",
        "startServices [app.service]");
    RunbookProgress progress = run.progress();
    assertThat(progress.status()).isEqualTo(Status.FAILED);
    assertThat(step(progress, "redirect traffic").compensation()).isEqualTo("traffic sent back: old UP");
    assertThat(step(progress, "stop application").compensation()).isEqualTo("started again: app.service (active)");
    assertThat(step(progress, "application healthy").error()).isEqualTo("healthCheck broke (fake)");
    assertThat(step(progress, "never reached").state()).isEqualTo(State.PENDING);
    assertThat(progress.measures().serviceBackAt()).isNull();
  }

  @Test
  void retriesAStepBeforeItsFailureCounts(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite().failing("migrate", 2);
    Step migrate = new Step("run migrations", StepType.MIGRATE,
        new StepArguments(Map.of("command", "migrate.sh"), Map.of()), Duration.ofMinutes(5), 2, OnFailure.COMPENSATE);

    RunbookProgress done = result(start(env, worker, site, runbook("migrate-only", Stage.single(migrate)), "alice",
        Map.of()));

    assertThat(step(done, "run migrations").attempts()).isEqualTo(3);
    assertThat(step(done, "run migrations").state()).isEqualTo(State.DONE);
  }

  @Test
  void refusesAnApprovalFromWhoStartedTheRun(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = new FakeRecoverySite();
    Runbook runbook = runbook("approved", approve("approval", Duration.ofHours(1)), notifyStep("go"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    awaitProgress(run, waiting("approval"));

    run.approve(Decision.of("alice", "I am sure"));
    RunbookProgress refused = awaitProgress(run, p -> p.signals().size() == 1);
    run.approve(Decision.of("bob", "checked the incident ticket"));
    RunbookProgress done = result(run);

    assertThat(refused.status()).isEqualTo(Status.WAITING);
    assertThat(refused.waitingFor()).isEqualTo("approval: approval by an approver other than alice: go?");
    assertThat(done.signals()).extracting(SignalRecord::accepted, SignalRecord::note).containsExactly(
        tuple(false, "four-eyes: alice started this run and cannot approve it"),
        tuple(true, "step 'approval'"));
    assertThat(step(done, "approval").detail()).isEqualTo("approved by bob: checked the incident ticket");
    assertThat(site.journal).containsExactly("sendNotification hello");
  }

  @Test
  void approvalThatTimesOutAbortsCleanly(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite();
    Runbook runbook = runbook("approved",
        stopServices("stop application", "app.service"),
        approve("approval", Duration.ofHours(1)),
        notifyStep("never reached"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());

    ApplicationFailure failure = failure(run);

    assertThat(failure.getType()).isEqualTo(RunbookWorkflow.APPROVAL_TIMED_OUT);
    assertThat(failure.getOriginalMessage()).isEqualTo("step 'approval' failed: no approval within 1h");
    assertThat(site.journal).containsExactly("stopServices [app.service]", "startServices [app.service]");
    RunbookProgress progress = run.progress();
    assertThat(progress.status()).isEqualTo(Status.FAILED);
    assertThat(step(progress, "approval").state()).isEqualTo(State.FAILED);
    assertThat(Duration.between(step(progress, "approval").startedAt(), step(progress, "approval").endedAt()))
        .isBetween(Duration.ofHours(1), Duration.ofHours(1).plusSeconds(1));
  }

  @Test
  void rejectionUndoesAndFails(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = new FakeRecoverySite();
    Runbook runbook = runbook("approved", stopServices("stop", "app.service"), approve("approval", Duration.ofHours(1)));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    awaitProgress(run, waiting("approval"));

    run.reject(Decision.of("alice", "false alarm"));

    assertThat(failure(run).getType()).isEqualTo(RunbookWorkflow.APPROVAL_REJECTED);
    assertThat(site.journal).containsExactly("stopServices [app.service]", "startServices [app.service]");
  }

  @Test
  void pausedStepRunsAgainWhenAnOperatorSaysRetry(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = new FakeRecoverySite().failing("migrate", 1);
    Runbook runbook = runbook("paused", migrate("run migrations", OnFailure.PAUSE), notifyStep("after"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    RunbookProgress paused = awaitProgress(run, waiting("run migrations"));

    run.retry(Decision.of("alice", "fixed the migration file"));
    RunbookProgress done = result(run);

    assertThat(paused.waitingFor()).isEqualTo(
        "run migrations: failed (migrate broke (fake)); waiting for an operator to retry, skip or abort");
    assertThat(step(done, "run migrations").state()).isEqualTo(State.DONE);
    assertThat(step(done, "run migrations").attempts()).isEqualTo(2);
    assertThat(site.journal).containsExactly("migrate migrate.sh", "migrate migrate.sh", "sendNotification hello");
  }

  @Test
  void pausedStepIsLeftWhenAnOperatorSaysSkip(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = new FakeRecoverySite().failing("migrate", 1);
    Runbook runbook = runbook("paused", migrate("run migrations", OnFailure.PAUSE), notifyStep("after"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    awaitProgress(run, waiting("run migrations"));

    run.skip(new Decision("bob", "applied by hand", "run migrations"));
    RunbookProgress done = result(run);

    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(step(done, "run migrations").state()).isEqualTo(State.SKIPPED);
    assertThat(step(done, "run migrations").detail())
        .isEqualTo("skipped by bob: applied by hand (after: migrate broke (fake))");
    assertThat(site.journal).containsExactly("migrate migrate.sh", "sendNotification hello");
  }

  @Test
  void pausedStepAbortsAndUndoesWhenAnOperatorSaysAbort(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = new FakeRecoverySite().failing("migrate", 1);
    Runbook runbook = runbook("paused",
        stopServices("stop", "app.service"), migrate("run migrations", OnFailure.PAUSE), notifyStep("after"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    awaitProgress(run, waiting("run migrations"));

    run.skip(Decision.of("", "who am I"));
    run.abort(Decision.of("bob", "restoring by hand instead"));
    ApplicationFailure failure = failure(run);

    assertThat(failure.getType()).isEqualTo(RunbookWorkflow.ABORTED);
    assertThat(failure.getOriginalMessage()).isEqualTo("aborted by bob: restoring by hand instead");
    assertThat(site.journal).containsExactly("stopServices [app.service]", "migrate migrate.sh", "startServices [app.service]");
    RunbookProgress progress = run.progress();
    assertThat(progress.status()).isEqualTo(Status.ABORTED);
    assertThat(progress.signals()).extracting(SignalRecord::signal, SignalRecord::accepted).containsExactly(
        tuple("skip", false), tuple("abort", true));
  }

  @Test
  void aCancelledRunUndoesWhatItDid(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = new FakeRecoverySite();
    Runbook runbook = runbook("cancelled",
        stopServices("stop", "app.service"),
        Stage.single(TestRunbooks.step("settle", StepType.WAIT, Map.of("duration", "1h"), Map.of(), OnFailure.CONTINUE)));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    awaitProgress(run, p -> step(p, "settle").state() == State.RUNNING);

    WorkflowStub.fromTyped(run).cancel();

    WorkflowFailedException failed = catchThrowableOfType(WorkflowFailedException.class, () -> result(run));
    assertThat(failed.getCause()).isInstanceOf(CanceledFailure.class);
    assertThat(site.journal).containsExactly("stopServices [app.service]", "startServices [app.service]");
    assertThat(run.progress().status()).isEqualTo(Status.ABORTED);
  }

  @Test
  void continueRecordsTheFailureAndGoesOn(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite().failing("sendNotification", 1);
    Runbook runbook = runbook("noisy",
        Stage.single(TestRunbooks.step("announce", StepType.NOTIFY, Map.of("message", "hello"), Map.of(),
            OnFailure.CONTINUE)),
        healthCheck("healthy", OnFailure.COMPENSATE));

    RunbookProgress done = result(start(env, worker, site, runbook, "alice", Map.of()));

    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(step(done, "announce").state()).isEqualTo(State.FAILED);
    assertThat(step(done, "healthy").state()).isEqualTo(State.DONE);
  }

  @Test
  void refusesToStartWithoutItsRequiredParameters(TestWorkflowEnvironment env, Worker worker) {
    Runbook runbook = new Runbook("needs-target", "x", new Objectives(Duration.ofMinutes(5), null),
        List.of(new Parameter("target", "the target", null)), List.of(notifyStep("hello")));

    ApplicationFailure failure = failure(start(env, worker, new FakeRecoverySite(), runbook, "alice", Map.of()));

    assertThat(failure.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(failure.getOriginalMessage()).isEqualTo("missing required parameter 'target' (the target)");
  }

  private static Step approval(String name, Map<String, String> values, Map<String, List<String>> lists,
      OnFailure onFailure) {
    return new Step(name, StepType.APPROVE, new StepArguments(values, lists), Duration.ofHours(1), 0, onFailure);
  }

  private static Step settle(String name) {
    return TestRunbooks.step(name, StepType.WAIT, Map.of("duration", "1h"), Map.of(), OnFailure.CONTINUE);
  }

  @Test
  void aRejectionCompensatesEvenWhenTheStepSaysContinue(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = new FakeRecoverySite();
    Runbook runbook = runbook("approved", stopServices("stop", "app.service"),
        Stage.single(approval("approval", Map.of(), Map.of(), OnFailure.CONTINUE)), notifyStep("never reached"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    awaitProgress(run, waiting("approval"));

    run.reject(Decision.of("bob", "false alarm"));

    ApplicationFailure failure = failure(run);
    assertThat(failure.getType()).isEqualTo(RunbookWorkflow.APPROVAL_REJECTED);
    assertThat(failure.getOriginalMessage()).isEqualTo("step 'approval' failed: rejected by bob: false alarm");
    assertThat(site.journal).containsExactly("stopServices [app.service]", "startServices [app.service]");
  }

  @Test
  void anExpiredApprovalCompensatesEvenWhenTheStepSaysPause(TestWorkflowEnvironment env, Worker worker) {
    FakeRecoverySite site = new FakeRecoverySite();
    Runbook runbook = runbook("approved", stopServices("stop", "app.service"),
        Stage.single(approval("approval", Map.of(), Map.of(), OnFailure.PAUSE)), notifyStep("never reached"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());

    assertThat(failure(run).getType()).isEqualTo(RunbookWorkflow.APPROVAL_TIMED_OUT);
    assertThat(site.journal).containsExactly("stopServices [app.service]", "startServices [app.service]");
    assertThat(run.progress().status()).isEqualTo(Status.FAILED);
  }

  @Test
  void anApprovalCannotBeSkipped(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = new FakeRecoverySite();
    Runbook runbook = runbook("approved", approve("approval", Duration.ofHours(1)), notifyStep("go"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    awaitProgress(run, waiting("approval"));

    run.skip(new Decision("alice", "no time for this", "approval"));
    run.skip(Decision.of("alice", "no time for this"));
    RunbookProgress refused = awaitProgress(run, p -> p.signals().size() == 2);
    run.approve(Decision.of("bob", "checked"));
    RunbookProgress done = result(run);

    String note = "step 'approval' is an approval and cannot be skipped: an approver approves or rejects it, or an"
        + " admin overrides it with a reason";
    assertThat(refused.signals()).extracting(SignalRecord::signal, SignalRecord::accepted, SignalRecord::note)
        .containsExactly(tuple("skip", false, note), tuple("skip", false, note));
    assertThat(refused.status()).isEqualTo(Status.WAITING);
    assertThat(step(done, "approval").state()).isEqualTo(State.DONE);
    assertThat(step(done, "approval").detail()).isEqualTo("approved by bob: checked");
  }

  @Test
  void twoApprovalsNeedTwoPeopleOtherThanTheStarter(TestWorkflowEnvironment env, Worker worker) throws Exception {
    FakeRecoverySite site = new FakeRecoverySite();
    Runbook runbook = runbook("approved",
        Stage.single(approval("approval", Map.of("approvals", "2", "message", "go?"), Map.of(), OnFailure.COMPENSATE)),
        notifyStep("go"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    awaitProgress(run, waiting("approval"));

    run.approve(Decision.of("alice", "my own run"));
    run.approve(Decision.of("bob", "incident confirmed"));
    run.approve(Decision.of("BOB", "really sure"));
    RunbookProgress halfway = awaitProgress(run, p -> p.signals().size() == 3);
    run.approve(Decision.of("carol", "backup checked"));
    RunbookProgress done = result(run);

    assertThat(halfway.status()).isEqualTo(Status.WAITING);
    assertThat(halfway.waitingFor()).isEqualTo(
        "approval: 2 approvals by different people (an approver other than alice); approved so far by bob: go?");
    assertThat(done.signals()).extracting(r -> r.decision().by(), SignalRecord::accepted, SignalRecord::note).containsExactly(
        tuple("alice", false, "four-eyes: alice started this run and cannot approve it"),
        tuple("bob", true, "step 'approval': approval 1 of 2"),
        tuple("BOB", false, "BOB already approved step 'approval'; it needs 2 approvals by different people (1 so"
            + " far): another approver must send the next"),
        tuple("carol", true, "step 'approval': approval 2 of 2"));
    assertThat(step(done, "approval").detail())
        .isEqualTo("approved by bob (incident confirmed), carol (backup checked)");
    assertThat(site.journal).containsExactly("sendNotification hello");
  }

  @Test
  void namedApproversStillDecideWhoCounts(TestWorkflowEnvironment env, Worker worker) throws Exception {
    Runbook runbook = runbook("approved", Stage.single(approval("approval", Map.of("approvals", "2"),
        Map.of("approvers", List.of("bob", "carol")), OnFailure.COMPENSATE)));
    RunbookWorkflow run = start(env, worker, new FakeRecoverySite(), runbook, "alice", Map.of());
    awaitProgress(run, waiting("approval"));

    run.approve(Decision.of("mallory", "me too"));
    run.reject(Decision.of("mallory", "or not"));
    run.approve(Decision.of("bob", "ok"));
    run.approve(Decision.of("carol", "ok"));

    assertThat(result(run).signals()).extracting(SignalRecord::accepted, SignalRecord::note).containsExactly(
        tuple(false, "mallory is not an approver of step 'approval' (bob, carol)"),
        tuple(false, "mallory is not an approver of step 'approval' (bob, carol)"),
        tuple(true, "step 'approval': approval 1 of 2"),
        tuple(true, "step 'approval': approval 2 of 2"));
  }

  @Test
  void aDecidedApprovalRefusesEveryLaterDecision(TestWorkflowEnvironment env, Worker worker) throws Exception {
    Runbook runbook = runbook("approved",
        Stage.single(approval("approval", Map.of(), Map.of(), OnFailure.COMPENSATE)), Stage.single(settle("settle")));
    RunbookWorkflow run = start(env, worker, new FakeRecoverySite(), runbook, "alice", Map.of());
    awaitProgress(run, waiting("approval"));

    // sent together: the second arrives before the run has moved on, and must not undo the first
    run.approve(Decision.of("bob", "go"));
    run.reject(new Decision("carol", "wait, no", "approval"));
    run.approve(Decision.of("bob", "go again"));
    run.override(new Decision("root", "just to be sure", "approval"));
    RunbookProgress done = result(run);

    String decided = "step 'approval' was already decided (approved by bob: go); a decision is final: abort stops"
        + " the run";
    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(done.signals()).extracting(SignalRecord::signal, SignalRecord::accepted, SignalRecord::note)
        .containsExactly(
            tuple("approve", true, "step 'approval'"),
            tuple("reject", false, decided),
            tuple("approve", false, decided),
            tuple("override", false, decided));
    assertThat(step(done, "approval").detail()).isEqualTo("approved by bob: go");
  }

  @Test
  void aRejectionDecidesAtOnceAndALaterApprovalIsRefused(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    FakeRecoverySite site = new FakeRecoverySite();
    Runbook runbook = runbook("approved", stopServices("stop", "app.service"), parallel("gate",
        approval("approval", Map.of("approvals", "2"), Map.of(), OnFailure.COMPENSATE), settle("settle")));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    awaitProgress(run, waiting("approval"));

    run.approve(Decision.of("bob", "go"));
    run.reject(Decision.of("carol", "the backup is from the wrong day"));
    run.approve(Decision.of("dave", "go"));
    ApplicationFailure failure = failure(run);

    assertThat(failure.getType()).isEqualTo(RunbookWorkflow.APPROVAL_REJECTED);
    assertThat(run.progress().signals()).extracting(r -> r.decision().by(), SignalRecord::accepted, SignalRecord::note)
        .containsExactly(
            tuple("bob", true, "step 'approval': approval 1 of 2"),
            tuple("carol", true, "step 'approval' rejected"),
            tuple("dave", false, "step 'approval' was already decided (rejected by carol: the backup is from the"
                + " wrong day); a decision is final"));
    assertThat(site.journal).containsExactly("stopServices [app.service]", "startServices [app.service]");
  }

  @Test
  void anAdminOverridePassesTheGateWithAReasonAndSaysSo(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    FakeRecoverySite site = new FakeRecoverySite();
    Runbook runbook = runbook("approved", Stage.single(approval("approval", Map.of("approvals", "2"),
        Map.of("approvers", List.of("bob", "carol")), OnFailure.COMPENSATE)), notifyStep("go"));
    RunbookWorkflow run = start(env, worker, site, runbook, "alice", Map.of());
    awaitProgress(run, waiting("approval"));

    run.override(Decision.of("alice", ""));
    run.override(Decision.of("alice", null));
    RunbookProgress refused = awaitProgress(run, p -> p.signals().size() == 2);
    run.override(Decision.of("alice", "primary site lost at 3 a.m., nobody else on call"));
    RunbookProgress done = result(run);

    String noReason = "an override of step 'approval' needs a reason: say why the approval is passed over, for"
        + " the run's record";
    String overridden = "OVERRIDDEN by alice: primary site lost at 3 a.m., nobody else on call";
    assertThat(refused.status()).isEqualTo(Status.WAITING);
    assertThat(done.signals()).extracting(SignalRecord::signal, SignalRecord::accepted, SignalRecord::note)
        .containsExactly(
            tuple("override", false, noReason), tuple("override", false, noReason), tuple("override", true, overridden));
    assertThat(step(done, "approval").state()).isEqualTo(State.DONE);
    assertThat(step(done, "approval").detail()).isEqualTo(overridden);
    assertThat(site.journal).containsExactly("sendNotification hello");
  }
}
