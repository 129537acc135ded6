package io.lifeboat.workflows.common;

import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.replication.ReplicationActivities;
import io.temporal.workflow.Workflow;

/**
 * Where a verification or restore read its backup from: the primary bucket, or the off-site copy
 * the activities fell back to.
 */
public final class ReadSources {
  private final ReplicationActivities replication =
      Workflow.newActivityStub(ReplicationActivities.class, ActivityDefaults.quick());

  public ReadSource of(String backupId) {
    return replication.readSource(backupId);
  }
}
