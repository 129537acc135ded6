package io.lifeboat.workflows.backup;

import io.lifeboat.workflows.backup.HookActivities.When;

/** Which hooks a target has around its backups. */
public record ConfiguredHooks(boolean before, boolean after) {
  public static ConfiguredHooks none() {
    return new ConfiguredHooks(false, false);
  }

  public boolean has(When when) {
    return when == When.BEFORE ? before : after;
  }
}
