package io.lifeboat.workflows.replication;

import io.lifeboat.workflows.common.RunAttributes;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.replication.CopyReport;
import io.lifeboat.workflows.replication.ReplicationActivities;
import io.lifeboat.workflows.replication.ReplicationRequest;
import io.lifeboat.workflows.replication.ReplicationWorkflow;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** Every location in turn; a corrupt copy fails the run once all locations were handled. */
public class ReplicationWorkflowImpl implements ReplicationWorkflow {
  private final ReplicationActivities locations =
      Workflow.newActivityStub(ReplicationActivities.class, ActivityDefaults.quick());
  private final ReplicationActivities copies =
      Workflow.newActivityStub(ReplicationActivities.class, ActivityDefaults.streaming());

  @Override
  public List<CopyReport> replicate(ReplicationRequest request) {
    RunAttributes.started("REPLICATION", null, request.requestedBy());
    RunAttributes.backup(request.backupId());
    List<CopyReport> reports = new ArrayList<>();
    List<String> wanted = request.locations() == null ? locations.locations() : request.locations();
    for (String location : wanted) {
      reports.add(request.checkOnly()
          ? copies.checkCopy(request.backupId(), location)
          : copies.copyBackup(request.backupId(), location));
    }
    List<String> problems = new ArrayList<>();
    for (CopyReport report : reports) {
      report.problems().forEach(p -> problems.add(report.location() + ": " + p));
    }
    if (!problems.isEmpty()) {
      RunAttributes.outcome("FAILED");
      throw ApplicationFailure.newNonRetryableFailure("off-site copy of backup " + request.backupId()
          + " is corrupt: " + String.join("; ", problems), FailureTypes.INTEGRITY);
    }
    RunAttributes.outcome("COMPLETED");
    return reports;
  }
}
