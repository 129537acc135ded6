package io.lifeboat.workflows.backup;

import io.temporal.activity.ActivityInterface;

/**
 * Runs the hooks an operator configured around each backup of a target (a command, an HTTP call,
 * SQL on the target's PostgreSQL). Workflows pass the target and which hook, never what it runs:
 * the worker reads that from its configuration, so nothing a hook holds (tokens in a URL or a
 * header, arguments) reaches workflow history. Hooks heartbeat and are stopped when their attempt
 * is cancelled.
 */
@ActivityInterface
public interface HookActivities {
  /** Which hook of a backup: {@code before} it starts, or {@code after} it ended, however it ended. */
  enum When { BEFORE, AFTER }

  /** Which hooks the target has. */
  ConfiguredHooks configuredHooks(String target);

  /**
   * Runs one hook of a target to its end or its timeout and says how it went; a hook that fails is
   * an outcome, not an exception (the workflow decides what it means). A hook that is not
   * configured (any more) is an outcome that says so.
   */
  HookOutcome runHook(String target, When when);
}
