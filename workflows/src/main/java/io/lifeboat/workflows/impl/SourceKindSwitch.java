package io.lifeboat.workflows.impl;

import io.lifeboat.workflows.cluster.ClusterActivities;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.TargetActivities;
import io.temporal.workflow.Workflow;

/** Which kind of source a run works on, from the configuration and the catalog. */
final class SourceKindSwitch {
  private final TargetActivities targets =
      Workflow.newActivityStub(TargetActivities.class, ActivityDefaults.quick());

  /** The target's configured kind. */
  String ofTarget(String target) {
    return targets.targetKind(target);
  }

  /**
   * The storage kind of a backup; PostgreSQL dumps and safety dumps say {@code postgres}, base
   * backups of clusters {@code pg-base}.
   */
  String ofBackup(String backupId) {
    String kind = targets.backupKind(backupId);
    return kind.startsWith("pg-") && !kind.equals(ClusterActivities.BASE_KIND) ? SourceKinds.POSTGRES : kind;
  }
}
