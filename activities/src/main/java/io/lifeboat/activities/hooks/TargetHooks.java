package io.lifeboat.activities.hooks;

import io.lifeboat.workflows.backup.HookActivities.When;

/** The hooks of one target; either may be null (not configured). */
public record TargetHooks(Hook before, Hook after) {
  public Hook get(When when) {
    return when == When.BEFORE ? before : after;
  }
}
