package io.lifeboat.workflows.restore;

import io.temporal.activity.ActivityInterface;

/** The configuration's word on restores that replace data; read by the workflow, which holds no configuration. */
@ActivityInterface
public interface ReplaceApprovalActivities {
  /** What {@code target}'s configuration asks of a restore that replaces its data. */
  ReplaceApproval replaceApproval(String target);
}
