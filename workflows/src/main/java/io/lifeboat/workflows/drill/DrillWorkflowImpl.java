package io.lifeboat.workflows.drill;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunAttributes;
import io.lifeboat.workflows.common.RunLedger;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.runbook.RestoredBackup;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A drill: plan (refused with nothing created when the runbook cannot be isolated) → create the
 * scratch environment → rehearse the runbook in it (a child {@link RunbookWorkflow} in drill mode)
 * → tear the environment down in a detached scope, whatever happened → store the report → record
 * the run. Workflow code: activities and a child workflow only.
 */
public class DrillWorkflowImpl implements DrillWorkflow {
  private static final RetryOptions NOT_BAD_REQUESTS = RetryOptions.newBuilder()
      .setMaximumAttempts(5)
      .setMaximumInterval(Duration.ofMinutes(1))
      .setDoNotRetry(FailureTypes.BAD_REQUEST)
      .build();

  private final DrillActivities planning = Workflow.newActivityStub(DrillActivities.class,
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).setRetryOptions(NOT_BAD_REQUESTS)
          .setSummary("plan the drill").build());
  /** initdb and starting servers take seconds; the activity heartbeats between them. */
  private final DrillActivities scratch = Workflow.newActivityStub(DrillActivities.class,
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(15))
          .setHeartbeatTimeout(Duration.ofMinutes(2)).setRetryOptions(NOT_BAD_REQUESTS)
          // a cancelled drill tears down only once the attempt creating servers has stopped
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setSummary("create the scratch environment").build());
  /**
   * Removing what the drill made must not give up: it is retried for an hour, on the host that
   * made it (its worker may be restarting).
   */
  private static final ActivityOptions TEARDOWN = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(5))
      .setScheduleToCloseTimeout(Duration.ofHours(1))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
      .setSummary("tear down the scratch environment").build();
  private final DrillActivities teardown = Workflow.newActivityStub(DrillActivities.class, TEARDOWN);
  private final DrillActivities reports = Workflow.newActivityStub(DrillActivities.class,
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)).setRetryOptions(NOT_BAD_REQUESTS)
          .setSummary("store the drill's report").build());
  private final CatalogActivities catalog = Workflow.newActivityStub(CatalogActivities.class, ActivityDefaults.quick());

  private final StepTracker steps = new StepTracker("DRILL", PLAN, PREPARE, REHEARSE, TEAR_DOWN, REPORT);
  private static final String PLAN = "plan";
  private static final String PREPARE = "create scratch environment";
  private static final String REHEARSE = "rehearse the runbook in scratch";
  private static final String TEAR_DOWN = "tear down scratch environment";
  private static final String REPORT = "store report";

  @Override
  public DrillResult drill(DrillRequest request) {
    String drillId = Workflow.getInfo().getWorkflowId();
    RunLedger ledger = RunLedger.start(RunType.DRILL, request.target(), null, request.startedBy(),
        "drill of " + (request.runbook() != null ? "runbook " : "target ") + request.subject()
            + (request.reason() == null ? "" : ": " + request.reason()));
    if (request.runbook() != null) {
      RunAttributes.runbook(request.runbook());
    }
    Instant startedAt = ledger.startedAt();
    DrillPlan plan;
    try {
      plan = steps.run(PLAN, () -> planning.plan(request), p -> (p.ofTarget() ? "target " : "runbook ")
          + p.subject() + ", restoring " + String.join(", ", new TreeSet<>(p.targetKinds().keySet())));
    } catch (ActivityFailure failure) {
      steps.failed();
      ledger.failed(failure);
      throw ApplicationFailure.newNonRetryableFailure(Failures.message(failure), FailureTypes.BAD_REQUEST);
    }
    List<String> kinds = new ArrayList<>(new TreeSet<>(plan.targetKinds().values()));
    try {
      refuseWhatCannotBeIsolated(drillId, plan, kinds, ledger);
    } catch (ApplicationFailure refused) {
      steps.failed();
      throw refused;
    }

    DrillEnvironment environment = null;
    RunbookProgress rehearsal = null;
    String failure = null;
    RuntimeException cancelled = null;
    Instant prepareStarted = now();
    Instant prepareEnded = null;
    try {
      environment = steps.run(PREPARE, () -> scratch.prepare(drillId, kinds), DrillWorkflowImpl::describe);
      prepareEnded = now();
      DrillEnvironment made = environment;
      rehearsal = steps.run(REHEARSE, () -> Workflow.newChildWorkflowStub(RunbookWorkflow.class,
                  ChildWorkflowOptions.newBuilder()
                      .setWorkflowId(DrillWorkflow.rehearsalId(drillId))
                      // on the scratch servers' host: its restores, checks and migrations reach 127.0.0.1 there
                      .setTaskQueue(made.taskQueue() != null ? made.taskQueue() : Workflow.getInfo().getTaskQueue())
                      .setStaticSummary("Rehearsal of " + plan.runbook().name() + " in the scratch environment of "
                          + drillId)
                      .build())
              .run(new RunbookRequest(plan.runbook(), plan.parameters(), request.startedBy(),
                  new RunbookRequest.DrillMode(drillId, "drill:" + drillId, plan.waitForApprovals(), made,
                      plan.targetKinds()))),
          done -> done.status().name().toLowerCase(java.util.Locale.ROOT) + (done.error() == null ? ""
              : ": " + done.error()) + " (" + DrillWorkflow.rehearsalId(drillId) + ")");
    } catch (ActivityFailure | ChildWorkflowFailure | CanceledFailure e) {
      boolean stopped = e instanceof CanceledFailure || e.getCause() instanceof CanceledFailure;
      failure = stopped ? "the drill was cancelled" : Failures.describe(e);
      cancelled = stopped ? new CanceledFailure("drill " + drillId + " cancelled") : null;
    }
    DrillReport.Step prepare = environment == null
        ? prepareStep(startedAt, prepareStarted, now(), "failed", null, failure)
        : prepareStep(startedAt, prepareStarted, prepareEnded, "done", describe(environment), null);

    Instant teardownStartedAt = now();
    String removed = tearDown(drillId, request.keep() && environment != null, environment);
    DrillReport report = DrillOutcome.report(new DrillOutcome.Facts(drillId, request, plan, startedAt, now(), prepare,
        rehearsal, failure, environment, request.keep() && environment != null, teardownStartedAt, removed));
    String key = store(report);
    if (key == null) {
      steps.skip(REPORT, "not stored: see the worker's log");
    }
    if (report.passed()) {
      markVerified(rehearsal.restored(), report.endedAt());
      ledger.completed(report.endedAt(), report.achievedRpoMillis() == null ? 0 : report.achievedRpoMillis(),
          report.achievedRtoMillis() == null ? 0 : report.achievedRtoMillis());
    } else {
      ledger.failed(ApplicationFailure.newNonRetryableFailure(report.verdict(), DRILL_FAILED));
    }
    if (report.passed()) {
      steps.finished();
    } else {
      steps.failed();
    }
    if (cancelled != null) {
      throw cancelled;
    }
    if (!report.passed()) {
      throw ApplicationFailure.newNonRetryableFailure("drill " + drillId + " " + report.verdict()
          + (key == null ? "" : " (report: lifeboat drill report " + drillId + ")"), DRILL_FAILED);
    }
    return new DrillResult(report, key);
  }

  /** Refuses, with nothing created, a runbook a drill cannot keep away from production. */
  private static void refuseWhatCannotBeIsolated(String drillId, DrillPlan plan, List<String> kinds, RunLedger ledger) {
    DrillEnvironment planned = DrillEnvironment.planned(drillId, kinds);
    List<String> problems;
    try {
      problems = DrillIsolation.problems(plan.runbook(),
          DrillIsolation.parameters(plan.runbook(), plan.parameters(), planned), plan.targetKinds(), planned);
    } catch (IllegalArgumentException unmapped) {
      problems = List.of(unmapped.getMessage());
    }
    if (!problems.isEmpty()) {
      ApplicationFailure refused = ApplicationFailure.newNonRetryableFailure(
          (plan.ofTarget() ? "target " : "runbook ") + plan.subject() + " cannot be drilled in isolation, nothing was"
              + " created: " + String.join("; ", problems), NOT_ISOLATED);
      ledger.failed(refused);
      throw refused;
    }
  }

  /** Removes the scratch environment in a detached scope: a cancelled drill still cleans up. */
  private String tearDown(String drillId, boolean keep, DrillEnvironment environment) {
    if (keep) {
      String kept = "kept for inspection; remove it with: lifeboat drill teardown " + drillId + " (on the worker's host)";
      steps.skip(TEAR_DOWN, kept);
      return kept;
    }
    String[] removed = new String[1];
    Workflow.newDetachedCancellationScope(() -> {
      try {
        DrillActivities remover = environment == null || environment.taskQueue() == null ? teardown
            : Workflow.newActivityStub(DrillActivities.class, ActivityOptions.newBuilder(TEARDOWN)
                .setTaskQueue(environment.taskQueue()).build());
        removed[0] = steps.run(TEAR_DOWN, () -> remover.tearDown(drillId), done -> done);
      } catch (ActivityFailure failure) {
        removed[0] = "could not remove everything: " + Failures.message(failure) + "; run: lifeboat drill teardown "
            + drillId + " (on the worker's host)";
      }
    }).run();
    return removed[0];
  }

  /** The report is kept even when the drill was cancelled; a failed write is said, not fatal. */
  private String store(DrillReport report) {
    String[] key = new String[1];
    Workflow.newDetachedCancellationScope(() -> {
      try {
        key[0] = steps.run(REPORT, () -> reports.store(report), stored -> stored);
      } catch (ActivityFailure failure) {
        Workflow.getLogger(DrillWorkflowImpl.class).warn("drill report not stored: {}", Failures.message(failure));
      }
    }).run();
    return key[0];
  }

  /** A drill whose checks all passed verified the backups it restored, like a test restore. */
  private void markVerified(List<RestoredBackup> restored, Instant at) {
    for (RestoredBackup backup : restored) {
      try {
        catalog.markVerified(backup.backupId(), at);
      } catch (ActivityFailure failure) {
        Workflow.getLogger(DrillWorkflowImpl.class).warn("{} not marked verified: {}", backup.backupId(),
            Failures.message(failure));
      }
    }
  }

  private static DrillReport.Step prepareStep(Instant drillStart, Instant at, Instant end, String state,
      String detail, String error) {
    return new DrillReport.Step("create scratch environment", null, "drill", state, at, end,
        Duration.between(drillStart, at).toMillis(), Duration.between(at, end).toMillis(), 1, detail, error);
  }

  private static String describe(DrillEnvironment environment) {
    return String.join("; ", environment.places().stream().map(ScratchPlace::describe).toList());
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
