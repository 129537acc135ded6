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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Plan (which locations, how many backups and which WAL archives each should hold, which answer)
 * → per location: its backups a page at a time, each copied where missing or damaged (the copy
 * compares every object's SHA-256 with the manifest) → each cluster target's WAL archive likewise.
 * A location that does not answer, or one backup that fails, is a line in the report; the rest
 * goes on. Pages keep the history short (a few events per {@link #PAGE} backups, where one
 * activity per backup would pass Temporal's history limit at some ten thousand backups), and the
 * report lists backups copied or failed, up to {@link #LISTED} a location, and counts the rest.
 */
public class CopySyncWorkflowImpl implements CopySyncWorkflow {
  /** Backups one activity goes through. */
  static final int PAGE = 100;
  /** Backups listed one by one in the report per location and outcome; more are counted in one line. */
  static final int LISTED = 200;

  private final CopySyncActivities planning =
      Workflow.newActivityStub(CopySyncActivities.class, ActivityDefaults.quick());
  private final CopySyncActivities copying =
      Workflow.newActivityStub(CopySyncActivities.class, ActivityDefaults.streaming());
  private final StepTracker steps = new StepTracker("REPLICATION", "plan");

  @Override
  public CopySyncReport sync(CopySyncRequest request) {
    RunLedger run = RunLedger.start(RunType.REPLICATION, request.target(), null, request.requestedBy(),
        "copies sync to " + (request.location() == null ? "every location" : request.location()));
    List<CopySyncLine> lines = new ArrayList<>();
    try {
      CopySyncPlan plan = steps.run("plan", () -> planning.planSync(request),
          p -> p.locations().size() + " locations: " + String.join(", ", p.locations().stream()
              .map(l -> l.name() + " (" + l.backups() + " backups, " + l.walTargets().size() + " WAL archives)")
              .toList()));
      plan.locations().forEach(l -> steps.add(l.name()));
      for (CopySyncPlan.Location location : plan.locations()) {
        if (location.unreachable() != null) {
          lines.add(new CopySyncLine(location.name(), "location", Outcome.FAILED, location.unreachable()));
          steps.skip(location.name(), location.unreachable());
          continue;
        }
        steps.run(location.name(), () -> syncLocation(location, request.target(), lines), n -> n);
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
  private String syncLocation(CopySyncPlan.Location location, String onlyTarget, List<CopySyncLine> lines) {
    int before = lines.size();
    Map<Outcome, Integer> unlisted = new EnumMap<>(Outcome.class);
    Map<Outcome, Integer> listed = new EnumMap<>(Outcome.class);
    int alreadyThere = 0;
    String after = null;
    boolean more = location.backups() > 0;
    while (more) {
      CopySyncPage page;
      try {
        page = copying.syncBackups(location.name(), onlyTarget, after, PAGE);
      } catch (ActivityFailure e) {
        lines.add(new CopySyncLine(location.name(), after == null ? "backups" : "backups after " + after,
            Outcome.FAILED, Failures.message(e)));
        break;
      }
      for (CopySyncLine line : page.lines()) {
        if (listed.merge(line.outcome(), 1, Integer::sum) <= LISTED) {
          lines.add(line);
        } else {
          unlisted.merge(line.outcome(), 1, Integer::sum);
        }
      }
      alreadyThere += page.alreadyThere();
      after = page.next();
      more = after != null;
    }
    unlisted.forEach((outcome, count) -> lines.add(new CopySyncLine(location.name(), "backups", outcome,
        count + " more, not listed")));
    if (alreadyThere > 0) {
      lines.add(new CopySyncLine(location.name(), "backups", Outcome.ALREADY_THERE, alreadyThere + " intact"));
    }
    for (String target : location.walTargets()) {
      String item = "WAL of " + target;
      try {
        WalSyncReport report = copying.syncWal(target, location.name());
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
