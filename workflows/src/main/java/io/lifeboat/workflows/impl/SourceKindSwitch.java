package io.lifeboat.workflows.impl;

import io.lifeboat.workflows.cluster.ClusterActivities;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.TargetActivities;
import io.temporal.workflow.Workflow;

/**
 * Which kind of source a run works on. Runs started before sources had kinds recorded no lookup
 * in their history: {@link Workflow#getVersion} keeps them replaying as PostgreSQL runs.
 */
final class SourceKindSwitch {
  private static final int KINDS = 1;

  private final TargetActivities targets =
      Workflow.newActivityStub(TargetActivities.class, ActivityDefaults.quick());

  /** The target's configured kind. */
  String ofTarget(String target) {
    if (Workflow.getVersion("source-kinds", Workflow.DEFAULT_VERSION, KINDS) == Workflow.DEFAULT_VERSION) {
      return SourceKinds.POSTGRES;
    }
    return targets.targetKind(target);
  }

  /**
   * Whether this run may take the {@code config} kind's steps: runs recorded before the kind
   * existed went the way of any unknown kind, and replay that way.
   */
  boolean configKind() {
    return Workflow.getVersion("config-kind", Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /**
   * The storage kind of a backup; PostgreSQL dumps and safety dumps say {@code postgres}, base
   * backups of clusters {@code pg-base}.
   */
  String ofBackup(String backupId) {
    if (Workflow.getVersion("source-kinds", Workflow.DEFAULT_VERSION, KINDS) == Workflow.DEFAULT_VERSION) {
      return SourceKinds.POSTGRES;
    }
    String kind = targets.backupKind(backupId);
    return kind.startsWith("pg-") && !kind.equals(ClusterActivities.BASE_KIND) ? SourceKinds.POSTGRES : kind;
  }
}
