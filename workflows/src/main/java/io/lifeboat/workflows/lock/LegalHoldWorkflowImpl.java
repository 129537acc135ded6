package io.lifeboat.workflows.lock;

import io.lifeboat.workflows.common.RunType;
import io.lifeboat.workflows.common.RunLedger;
import io.lifeboat.workflows.common.RunAttributes;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.lock.LegalHoldRequest;
import io.lifeboat.workflows.lock.LegalHoldWorkflow;
import io.lifeboat.workflows.lock.ObjectLockActivities;
import io.temporal.workflow.Workflow;

/** One activity, recorded as a run: the catalog shows who held or released which backup, and when. */
public class LegalHoldWorkflowImpl implements LegalHoldWorkflow {
  private final ObjectLockActivities locks =
      Workflow.newActivityStub(ObjectLockActivities.class, ActivityDefaults.streaming());

  @Override
  public int apply(LegalHoldRequest request) {
    RunLedger run = RunLedger.start(RunType.LEGAL_HOLD, null, request.backupId(), request.requestedBy(),
        (request.hold() ? "hold: " : "release: ") + request.reason());
    try {
      int objects = locks.applyLegalHold(request.backupId(), request.hold());
      run.completed();
      RunAttributes.outcome("COMPLETED");
      return objects;
    } catch (RuntimeException e) {
      run.failed(e);
      RunAttributes.outcome("FAILED");
      throw e;
    }
  }
}
