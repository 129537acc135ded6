package io.lifeboat.workflows.restore;

import io.lifeboat.workflows.common.ApprovalGate;
import io.lifeboat.workflows.common.ReadSources;
import io.lifeboat.workflows.common.ArchiveThaw;
import io.lifeboat.workflows.backup.BackupIds;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.common.RunLedger;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.drill.DrillEnvironment;
import io.lifeboat.workflows.common.RunAttributes;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.runbook.Decision;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.lifeboat.workflows.runbook.SignalRecord;
import io.lifeboat.workflows.restore.OverlapActivities;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.Staged;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Nothing else changes the target → identify the backup → inspect the destination (refused unless
 * asked to replace what it holds) → bring the backup out of an archive storage class → check it →
 * a second person's approval when replacing (asked for at once, waited for after the checks) →
 * safety backup when replacing → restore beside the destination → compare → swap in → drop what
 * was replaced. The same steps for every kind of source; the live data is untouched until
 * the restored copy has passed its checks, and kept aside until the restore has succeeded.
 */
public class RestoreWorkflowImpl implements RestoreWorkflow {
  /** The {@link Workflow#getVersion} change that made restores replacing data wait for a second person. */
  static final String REPLACE_APPROVAL = "replace-approval";
  static final String REPLACE_APPROVAL_RECHECK = "replace-approval-recheck";
  static final String APPROVAL = "approval";

  private final SourceActivities sources =
      Workflow.newActivityStub(SourceActivities.class, ActivityDefaults.streaming());
  /**
   * For the steps that write beside or into the destination: a cancelled run waits for the attempt
   * to stop (a swap half-done puts itself back; a restore stops its pg_restore) before it cleans up,
   * so nothing it cleans up is created after.
   */
  private final SourceActivities untilStopped = Workflow.newActivityStub(SourceActivities.class,
      ActivityOptions.newBuilder(ActivityDefaults.streaming())
          .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED).build());
  private final SourceActivities quick =
      Workflow.newActivityStub(SourceActivities.class, ActivityDefaults.quick());
  private final SourceActivities housekeeping =
      Workflow.newActivityStub(SourceActivities.class, ActivityDefaults.housekeeping());
  private final CatalogActivities catalog =
      Workflow.newActivityStub(CatalogActivities.class, ActivityDefaults.quick());
  private final OverlapActivities overlaps =
      Workflow.newActivityStub(OverlapActivities.class, ActivityDefaults.quick());
  private final ReadSources readSources = new ReadSources();
  private final ArchiveThaw thaw = new ArchiveThaw();
  private final ReplaceApprovalActivities approvals =
      Workflow.newActivityStub(ReplaceApprovalActivities.class, ActivityDefaults.quick());
  private final StepTracker steps = new StepTracker("RESTORE", "exclusive", "identify", "inspect", "thaw", "checksum",
      APPROVAL, "safety-backup", "restore", "compare", "swap-in", "drop-replaced");
  /** The approval this run waits for; null while it asks for none (yet). */
  private ApprovalGate gate;
  /** When the approval window closes: a decision after it is refused as late, even during a long thaw. */
  private Instant approvalDeadline;
  private final List<SignalRecord> decisions = new ArrayList<>();

  @Override
  public RestoreResult restore(RestoreRequest request) {
    WorkflowInfo info = Workflow.getInfo();
    Destination destination = request.destination();
    RunLedger run = RunLedger.start(RunType.RESTORE, request.target(), null, request.requestedBy(),
        "into " + destination.source() + (destination.place() == null ? "" : " at " + destination.place())
            + (destination.server() == null ? "" : " on " + destination.server()));
    Instant incidentAt = request.incidentAt() == null ? run.startedAt() : request.incidentAt();
    try {
      RunAttributes.kind(quick.targetKind(request.target()));
      if (destination.server() == null) {
        steps.run("exclusive", () -> overlaps.refuseOverlappingRuns(request.target(), info.getWorkflowId()),
            "no backup or other restore of " + request.target() + " is running");
      } else {
        // a backup of the target reads its own server, and so do restores onto it: neither touches this one
        steps.skip("exclusive", "onto " + destination.server() + ": runs on " + request.target()
            + "'s own server do not overlap it");
      }
      ResolvedBackup backup = steps.run("identify", () -> quick.resolve(request.source(), request.backup()),
          b -> b.backupId() + " of " + request.source() + " (recovery point " + b.recoveryPoint() + ")");
      run.backup(backup.backupId(), backup.rpoObjectiveMillis(), backup.rtoObjectiveMillis());
      String backupId = backup.backupId();
      // what the destination holds first: a refusal comes before hours of thawing and checking
      DestinationState state = steps.run("inspect", () -> housekeeping.inspect(destination),
          s -> s.name() + ": " + s.description());
      refuseUnasked(request, state);
      Instant approvalDeadline = askForApproval(request, destination, state, info);
      steps.run("thaw", () -> thaw.ensureReadable(backupId), done -> done);
      if (request.integrityChecked()) {
        steps.skip("checksum", "checked before the restore");
      } else {
        steps.run("checksum", () -> sources.checkIntegrity(backupId), IntegrityReport::summary);
      }
      ReadSource readFrom = readSources.of(backupId);
      if (gate != null) {
        steps.run(APPROVAL, () -> awaitApproval(approvalDeadline, state), passed -> passed);
        if (destination.server() == null
            && Workflow.getVersion(REPLACE_APPROVAL_RECHECK, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
          // hours may have passed: a backup or retention run started meanwhile must not meet the swap
          overlaps.refuseOverlappingRuns(request.target(), info.getWorkflowId());
        }
      }
      String safetyBackupId = safetyBackup(request, destination, state, info);

      String runToken = info.getRunId();
      Committed committed;
      Comparison comparison;
      try {
        Staged staged = steps.run("restore", () -> untilStopped.restoreStaged(backupId, destination, runToken),
            Staged::summary);
        comparison = steps.run("compare", () -> sources.compare(backupId, destination, staged),
            Comparison::describe);
        if (!comparison.matches()) {
          throw ApplicationFailure.newNonRetryableFailure("restored data differs from backup " + backupId + ": "
              + comparison.describe() + "; " + state.name() + " was not changed", FailureTypes.VERIFICATION_MISMATCH);
        }
        // A swap that fails puts the old data back itself (or keeps it aside, saying where).
        committed = steps.run("swap-in", () -> untilStopped.commit(backupId, destination, staged, runToken),
            Committed::summary);
      } catch (RuntimeException e) {
        discardStaged(destination, runToken);
        throw e;
      }
      String keptAs = dropReplaced(request, destination, committed);
      return completed(run, backup, state.name(), safetyBackupId, keptAs, incidentAt, readFrom, comparison);
    } catch (RuntimeException e) {
      if (gate != null && !gate.decided()) { // failed while asking: nobody is left waiting to decide
        gate.expire();
        steps.skip(APPROVAL, "no longer asked: the restore failed before a decision");
      }
      steps.failed();
      run.failed(e);
      throw e;
    }
  }

  /** Data in the destination is replaced only when asked for; nothing was changed when refused. */
  private static void refuseUnasked(RestoreRequest request, DestinationState state) {
    if (state.holdsData() && !request.replace()) {
      throw ApplicationFailure.newNonRetryableFailure(state.name() + " holds data (" + state.description()
          + "); nothing was changed. Ask to replace it (--replace), which "
          + (state.safetyBackup() ? "takes a safety backup of it first"
              : "keeps what it replaces beside until the restore has succeeded")
          + ", or restore somewhere else where the kind allows it (--into)", FailureTypes.DESTINATION_NOT_EMPTY);
    }
  }

  /**
   * Data a restore replaces is replaced only once a second person has approved it (four-eyes),
   * unless its target says otherwise ({@code replaceApproval: none}). Asked for as soon as the
   * destination is known to hold data, so the approval can come while the backup is checked (who
 * is asked: the run's waiting step, the dashboard's approvals and {@code lifeboat_approvals_waiting}).
   * A drill's scratch place and a restore started by another run (a runbook's step, whose own
   * approve steps govern it; a drill) never wait. Returns when the approval window closes; null
   * when nothing waits.
   */
  private Instant askForApproval(RestoreRequest request, Destination destination, DestinationState state,
      WorkflowInfo info) {
    if (!state.holdsData()) {
      steps.skip(APPROVAL, state.name() + " holds no data: nothing is replaced");
      return null;
    }
    if (isDrillScratch(destination)) {
      steps.skip(APPROVAL, state.name() + " is a drill's scratch place: a drill touches nothing real");
      return null;
    }
    if (info.getParentWorkflowId().isPresent()) {
      steps.skip(APPROVAL, "started by " + info.getParentWorkflowId().get() + ", whose own approvals govern it");
      return null;
    }
    if (Workflow.getVersion(REPLACE_APPROVAL, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      steps.skip(APPROVAL, "started before restores that replace data waited for a second person");
      return null;
    }
    ReplaceApproval asked = approvals.replaceApproval(request.target());
    if (!asked.required()) {
      steps.skip(APPROVAL, "target " + request.target() + " replaces data without a second person (replaceApproval:"
          + " none)");
      return null;
    }
    String window = human(asked.window());
    gate = new ApprovalGate(APPROVAL, window, request.requestedBy(), List.of(), 1, null);
    steps.waiting(APPROVAL, "waiting for approval by a second person (not " + request.requestedBy() + ") within "
        + window + ": run `lifeboat restore approve " + info.getWorkflowId() + "/" + info.getRunId()
        + " --reason …`");
    approvalDeadline = StepTracker.now().plus(asked.window());
    return approvalDeadline;
  }

  /** Waits for the decision until the window closes; a rejection or no decision ends the run, nothing changed. */
  private String awaitApproval(Instant deadline, DestinationState state) {
    Duration left = Duration.between(StepTracker.now(), deadline);
    if (left.compareTo(Duration.ZERO) > 0) {
      Workflow.await(left, gate::decided);
    }
    gate.expire(); // closed for good, so a decision arriving now is refused as late
    String unchanged = "; " + state.name() + " was not changed";
    return switch (gate.outcome()) {
      case APPROVED -> gate.passed();
      case OVERRIDDEN -> {
        Workflow.getLogger(RestoreWorkflowImpl.class).warn("restore {}: replacing {} without a second person: {}",
            Workflow.getInfo().getWorkflowId(), state.name(), gate.passed());
        yield gate.passed();
      }
      case REJECTED -> throw ApplicationFailure.newNonRetryableFailure(gate.failed() + unchanged,
          RunbookWorkflow.APPROVAL_REJECTED);
      case TIMED_OUT, WAITING -> throw ApplicationFailure.newNonRetryableFailure(gate.failed() + unchanged
          + "; start the restore again and have another approver approve it, or an admin override it with a reason",
          RunbookWorkflow.APPROVAL_TIMED_OUT);
    };
  }

  private static boolean isDrillScratch(Destination destination) {
    return destination.server() != null && destination.server().startsWith(DrillEnvironment.DESTINATION_PREFIX);
  }

  /** "4h", "90m", "45s": the window as an operator writes it. */
  private static String human(Duration window) {
    if (window.toSeconds() % 3600 == 0) {
      return window.toHours() + "h";
    }
    return window.toSeconds() % 60 == 0 ? window.toMinutes() + "m" : window.toSeconds() + "s";
  }

  /** A failed restore's staging copy goes; failing to remove it is logged, never the run's cause. */
  private void discardStaged(Destination destination, String runToken) {
    Workflow.newDetachedCancellationScope(() -> {
      try {
        housekeeping.discardStaged(destination, runToken);
      } catch (ActivityFailure e) {
        Workflow.getLogger(RestoreWorkflowImpl.class).warn("staging copy of run {} not removed: {}", runToken,
            Failures.message(e));
      }
    }).run();
  }

  /**
   * Keeps a copy of what is replaced: a safety backup where the kind takes one, else what the swap
   * keeps beside until the end.
   */
  private String safetyBackup(RestoreRequest request, Destination destination, DestinationState state,
      WorkflowInfo info) {
    if (!state.holdsData()) {
      steps.skip("safety-backup", state.name() + " holds no data");
      return null;
    }
    if (isDrillScratch(destination)) {
      // a drill writes nothing but its scratch places: no backup of a scratch copy goes to the bucket
      steps.skip("safety-backup", state.name() + " is a drill's scratch place; nothing of it is kept");
      return null;
    }
    if (request.safetyBackupId() != null) {
      steps.skip("safety-backup", "taken before the restore: " + request.safetyBackupId());
      return request.safetyBackupId();
    }
    if (!state.safetyBackup()) {
      steps.skip("safety-backup", "what the restore replaces is kept beside until it has succeeded");
      return null;
    }
    String safetyId = BackupIds.next();
    SourceBackupResult safety = steps.run("safety-backup", () -> sources.backup(new SourceBackupRequest(
            request.source(), safetyId, info.getWorkflowId(), info.getRunId(), destination)),
        r -> "safety backup " + r.backupId() + " (" + r.rawBytes() + " bytes)");
    catalog.recordBackup(safety.manifestKey());
    return safetyId;
  }

  /**
   * What the swap replaced was kept so that a failure could put it back; the restore has succeeded,
   * so it goes (with whatever the source kept to undo the swap), unless asked to keep it. Failing
   * to drop it does not fail the restore: the step and the result say what is left.
   */
  private String dropReplaced(RestoreRequest request, Destination destination, Committed committed) {
    if (request.keepReplaced()) {
      steps.skip("drop-replaced", committed.replaced() ? "kept as " + committed.keptAs() + ", as asked"
          : "nothing was replaced; what undoes the restore is kept, as asked");
      return committed.keptAs();
    }
    try {
      steps.run("drop-replaced", () -> housekeeping.dropReplaced(destination, committed),
          committed.replaced() ? "dropped " + committed.keptAs() : "nothing was replaced");
      return null;
    } catch (ActivityFailure e) {
      Workflow.getLogger(RestoreWorkflowImpl.class).warn("{} kept: {}", committed.keptAs(), Failures.message(e));
      return committed.keptAs();
    }
  }

  /** The result of a restore that ended well, recorded in the catalog with its RPO and RTO. */
  private RestoreResult completed(RunLedger run, ResolvedBackup backup, String destination,
      String safetyBackupId, String keptAs, Instant incidentAt, ReadSource readFrom, Comparison checked) {
    Instant completedAt = StepTracker.now();
    RestoreResult result = new RestoreResult(backup.backupId(), destination, safetyBackupId, keptAs,
        backup.recoveryPoint(), incidentAt, completedAt, incidentAt.toEpochMilli() - backup.recoveryPoint().toEpochMilli(),
        completedAt.toEpochMilli() - incidentAt.toEpochMilli(), backup.rpoObjectiveMillis(),
        backup.rtoObjectiveMillis(), readFrom, checked);
    run.completed(completedAt, result.achievedRpoMillis(), result.achievedRtoMillis());
    steps.finished();
    return result;
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }

  @Override
  public List<SignalRecord> decisions() {
    return List.copyOf(decisions);
  }

  @Override
  public void approve(Decision decision) {
    decide("approve", decision);
  }

  @Override
  public void reject(Decision decision) {
    decide("reject", decision);
  }

  @Override
  public void override(Decision decision) {
    decide("override", decision);
  }

  /** The gate decides, and refuses what comes once it has; every signal is recorded with what it did. */
  private void decide(String signal, Decision decision) {
    if (decision == null || decision.by() == null || decision.by().isBlank()) {
      record(signal, decision, new ApprovalGate.Verdict(false, "a decision must say who makes it ('by')"));
      return;
    }
    if (gate == null) {
      record(signal, decision, new ApprovalGate.Verdict(false, "this restore is not waiting for an approval: only one"
          + " that replaces data asks for it, once it has inspected the destination"));
      return;
    }
    if (approvalDeadline != null && StepTracker.now().isAfter(approvalDeadline)) {
      gate.expire(); // the window closed while the backup was still being thawed or checked
    }
    record(signal, decision, switch (signal) {
      case "approve" -> gate.approve(decision);
      case "reject" -> gate.reject(decision);
      default -> gate.override(decision);
    });
  }

  private void record(String signal, Decision decision, ApprovalGate.Verdict verdict) {
    decisions.add(new SignalRecord(signal, decision, StepTracker.now(), verdict.accepted(), verdict.note()));
  }
}
