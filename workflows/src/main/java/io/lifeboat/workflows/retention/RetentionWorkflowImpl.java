package io.lifeboat.workflows.retention;

import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.common.RunLedger;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.retention.Decision;
import io.lifeboat.workflows.retention.RetentionActivities;
import io.lifeboat.workflows.retention.RetentionActivities.Candidates;
import io.lifeboat.workflows.retention.RetentionActivities.Deletion;
import io.lifeboat.workflows.retention.RetentionActivities.WalPruning;
import io.lifeboat.workflows.retention.RetentionPlan;
import io.lifeboat.workflows.retention.RetentionPolicy;
import io.lifeboat.workflows.retention.RetentionRequest;
import io.lifeboat.workflows.retention.RetentionResult;
import io.lifeboat.workflows.retention.RetentionWorkflow;
import io.lifeboat.workflows.tiers.StorageTierActivities;
import io.lifeboat.workflows.tiers.StorageTierActivities.TierChange;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plan (the pure {@link RetentionPolicy}, evaluated in the workflow at workflow time), then delete
 * one backup per activity, then move the kept ones whose age calls for it to a colder storage
 * class. A crash resumes after the last completed deletion; a new run finishes
 * deletions an interrupted run had begun before planning afresh.
 */
public class RetentionWorkflowImpl implements RetentionWorkflow {
  private final RetentionActivities retention =
      Workflow.newActivityStub(RetentionActivities.class, ActivityDefaults.streaming());
  private final StorageTierActivities tiers =
      Workflow.newActivityStub(StorageTierActivities.class, ActivityDefaults.streaming());
  private final StepTracker steps = new StepTracker("RETENTION", "plan", "delete", "wal", "tier");

  @Override
  public RetentionResult apply(RetentionRequest request) {
    RunLedger run = RunLedger.start(RunType.RETENTION, request.target(), null, request.requestedBy(),
        request.dryRun() ? dryRunReason(request.reason()) : request.reason());
    try {
      Candidates candidates = steps.run("plan", () -> retention.candidates(request.target()),
          c -> c.backups().size() + " backups" + (c.policy() == null ? ", no retention policy: keeping all" : ""));
      Instant now = StepTracker.now();
      RetentionPolicy policy = candidates.policy();
      RetentionPlan plan = (policy == null ? RetentionPolicy.none() : policy).apply(candidates.backups(), now);
      List<Decision> decisions = policy == null ? keepAll(plan) : plan.decisions();
      List<String> deleted = new ArrayList<>();
      List<String> toDelete = new ArrayList<>(candidates.interrupted());
      decisions.stream().filter(d -> !d.keep()).forEach(d -> toDelete.add(d.backupId()));
      if (request.dryRun()) {
        steps.skip("delete", "dry run: " + toDelete.size() + " would be deleted");
      } else {
        steps.run("delete", () -> {
          for (String backupId : toDelete) {
            Deletion deletion = retention.deleteBackup(backupId);
            if (deletion.refused() == null) {
              deleted.add(backupId);
            }
          }
          return deleted.size();
        }, n -> n + " of " + toDelete.size() + " deleted");
      }
      WalPruning wal = pruneWal(request, toDelete);
      List<TierChange> transitioned = transition(request);
      run.completed();
      steps.finished();
      return new RetentionResult(request.target(), request.dryRun(), policy, now, decisions, List.copyOf(deleted),
          transitioned, wal);
    } catch (RuntimeException e) {
      steps.failed();
      run.failed(e);
      throw e;
    }
  }

  /** The archived WAL older than the oldest kept base backup. */
  private WalPruning pruneWal(RetentionRequest request, List<String> deleting) {
    return steps.run("wal", () -> retention.pruneWal(request.target(), List.copyOf(deleting), request.dryRun()),
        w -> w.keptFrom() == null ? w.note()
            : (request.dryRun() ? w.files() + " WAL files would be deleted" : w.files() + " WAL files deleted")
                + ", kept from " + w.keptFrom());
  }

  /** Kept backups into the storage class their age calls for (storage.tiers), one per activity. */
  private List<TierChange> transition(RetentionRequest request) {
    List<String> due = tiers.dueForTransition(request.target());
    if (request.dryRun()) {
      steps.skip("tier", "dry run: " + due.size() + " would move to a colder storage class");
      return List.of();
    }
    List<TierChange> moved = new ArrayList<>();
    steps.run("tier", () -> {
      for (String backupId : due) {
        moved.add(tiers.transition(backupId));
      }
      return moved.size();
    }, n -> n + " backups moved to a colder storage class");
    return List.copyOf(moved);
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }

  /** Without a policy nothing is deleted; each backup says why. */
  private static List<Decision> keepAll(RetentionPlan plan) {
    return plan.decisions().stream()
        .map(d -> d.keep() ? d
            : new Decision(d.backupId(), d.recoveryPoint(), true, List.of("no retention policy"), d.schema()))
        .toList();
  }

  private static String dryRunReason(String reason) {
    return reason == null ? "dry run" : "dry run: " + reason;
  }
}
