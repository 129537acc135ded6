package io.lifeboat.workflows.replication;

import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.RunLedger;
import io.lifeboat.workflows.common.RunProgress;
import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.common.StepTracker;
import io.lifeboat.workflows.replication.CopySyncLine.Outcome;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Plan (which locations, which backups and WAL archives each should hold, which answer) → per
 * location: each backup copied where missing or damaged (the copy compares every object's SHA-256
 * with the manifest) → each cluster target's WAL archive likewise. A location that does not
 * answer, or one backup that fails, is a line in the report; the rest goes on.
 */
public class CopySyncWorkflowImpl implements CopySyncWorkflow {
  private final CopySyncActivities planning =
      Workflow.newActivityStub(CopySyncActivities.class, ActivityDefaults.quick());
  private final CopySyncActivities wal =
      Workflow.newActivityStub(CopySyncActivities.class, ActivityDefaults.streaming());
  private final ReplicationActivities copies =
      Workflow.newActivityStub(ReplicationActivities.class, ActivityDefaults.streaming());
  private final StepTracker steps = new StepTracker("REPLICATION", "plan");

  @Override
  public CopySyncReport sync(CopySyncRequest request) {
    RunLedger run = RunLedger.start(RunType.REPLICATION, request.target(), null, request.requestedBy(),
        "copies sync to " + (request.location() == null ? "every location" : request.location()));
    List<CopySyncLine> lines = new ArrayList<>();
    try {
      CopySyncPlan plan = steps.run("plan", () -> planning.planSync(request),
          p -> p.locations().size() + " locations: " + String.join(", ", p.locations().stream()
              .map(l -> l.name() + " (" + l.backups().size() + " backups, " + l.walTargets().size() + " WAL archives)")
              .toList()));
      plan.locations().forEach(l -> steps.add(l.name()));
      for (CopySyncPlan.Location location : plan.locations()) {
        if (location.unreachable() != null) {
          lines.add(new CopySyncLine(location.name(), "location", Outcome.FAILED, location.unreachable()));
          steps.skip(location.name(), location.unreachable());
          continue;
        }
        steps.run(location.name(), () -> syncLocation(location, lines), n -> n);
      }
      CopySyncReport report = new CopySyncReport(List.copyOf(lines));
      run.completed();
      steps.finished();
      return report;
    } catch (RuntimeException e) {
      steps.failed();
      run.failed(e);
      throw e;
    }
  }

  /** Returns the step's line: what this location got. */
  private String syncLocation(CopySyncPlan.Location location, List<CopySyncLine> lines) {
    int before = lines.size();
    for (String backupId : location.backups()) {
      String item = "backup " + backupId;
      try {
        CopyReport report = copies.copyBackup(backupId, location.name());
        if (!report.intact()) {
          lines.add(new CopySyncLine(location.name(), item, Outcome.FAILED, String.join("; ", report.problems())));
        } else if (report.copied() > 0) {
          lines.add(new CopySyncLine(location.name(), item, Outcome.COPIED, report.copied() + " of "
              + report.objects() + " objects, " + report.bytes() + " bytes"));
        } else {
          lines.add(new CopySyncLine(location.name(), item, Outcome.ALREADY_THERE, report.objects()
              + " objects intact"));
        }
      } catch (ActivityFailure e) {
        lines.add(new CopySyncLine(location.name(), item, Outcome.FAILED, Failures.message(e)));
      }
    }
    for (String target : location.walTargets()) {
      String item = "WAL of " + target;
      try {
        WalSyncReport report = wal.syncWal(target, location.name());
        if (report.copied() > 0) {
          lines.add(new CopySyncLine(location.name(), item, Outcome.COPIED, report.copied() + " of " + report.files()
              + " files"));
        } else if (report.failures().isEmpty()) {
          lines.add(new CopySyncLine(location.name(), item, Outcome.ALREADY_THERE, report.alreadyThere()
              + " files intact"));
        }
        report.failures().forEach(f -> lines.add(new CopySyncLine(location.name(), item, Outcome.FAILED, f)));
      } catch (ActivityFailure e) {
        lines.add(new CopySyncLine(location.name(), item, Outcome.FAILED, Failures.message(e)));
      }
    }
    CopySyncReport mine = new CopySyncReport(lines.subList(before, lines.size()));
    return mine.summary();
  }

  @Override
  public RunProgress progress() {
    return steps.progress();
  }
}
