package io.lifeboat.workflows.backup;

import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.ConfiguredHooks;
import io.lifeboat.workflows.backup.HookActivities;
import io.lifeboat.workflows.backup.HookActivities.When;
import io.lifeboat.workflows.backup.HookOutcome;
import io.lifeboat.workflows.common.ActivityDefaults;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.common.StepTracker;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The operator's hooks around one backup, as the steps {@code before-hook} and {@code after-hook}.
 * The before hook runs first and, when it fails, the backup is not taken. The after hook runs
 * whatever happened (the before hook or the backup failed, the run was cancelled) in a scope of its
 * own; its failure fails the run, unless something failed before it, which then stays the cause
 * while the hook's failure is in its step.
 */
final class BackupHooks {
  private final HookActivities hooks = Workflow.newActivityStub(HookActivities.class, ActivityDefaults.hooks());
  private final StepTracker steps;
  private final String target;
  private final ConfiguredHooks configured;
  private final String whyNone;
  private RuntimeException afterFailed;

  private BackupHooks(StepTracker steps, String target, ConfiguredHooks configured, String whyNone) {
    this.steps = steps;
    this.target = target;
    this.configured = configured;
    this.whyNone = whyNone;
  }

  /** The hooks of the request's target; none around a safety backup. */
  static BackupHooks of(BackupRequest request, StepTracker steps) {
    // A safety backup is taken while a recovery has the application stopped: its hooks would talk to nothing.
    if (request.safety()) {
      return new BackupHooks(steps, request.target(), ConfiguredHooks.none(),
          "a safety backup before a recovery runs without hooks");
    }
    HookActivities lookup = Workflow.newActivityStub(HookActivities.class, ActivityDefaults.quick());
    return new BackupHooks(steps, request.target(), lookup.configuredHooks(request.target()),
        "not configured for " + request.target());
  }

  /**
   * Before hook, {@code backup} (the step {@code backupStep}), after hook. Throws what failed first;
   * an after hook that failed a backup that succeeded is kept for {@link #throwIfAfterHookFailed}.
   */
  <T> T around(String backupStep, Supplier<T> backup) {
    T result;
    try {
      try {
        run(When.BEFORE);
      } catch (RuntimeException e) {
        steps.skip(backupStep, "not taken: " + (cancelled(e) ? "the run was cancelled" : "the before hook failed"));
        throw e;
      }
      result = backup.get();
    } catch (RuntimeException e) {
      RuntimeException hookFailed = runAfterHook();
      if (hookFailed != null) {
        Workflow.getLogger(BackupHooks.class).warn("{} (the run failed before it)", Failures.message(hookFailed));
      }
      throw e;
    }
    afterFailed = runAfterHook();
    return result;
  }

  /** Fails the run when the after hook failed; called once what follows a good backup is done. */
  void throwIfAfterHookFailed() {
    if (afterFailed != null) {
      throw afterFailed;
    }
  }

  private static boolean cancelled(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /** Runs the after hook in a scope the run's cancellation does not reach; returns its failure. */
  private RuntimeException runAfterHook() {
    List<RuntimeException> failed = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> {
      try {
        run(When.AFTER);
      } catch (RuntimeException e) {
        failed.add(e);
      }
    }).run();
    return failed.isEmpty() ? null : failed.get(0);
  }

  /** Runs one hook as its step, or skips it; a hook that fails throws, with its outcome in the message. */
  private void run(When when) {
    String which = when.name().toLowerCase(Locale.ROOT);
    String step = which + "-hook";
    if (!configured.has(when)) {
      steps.skip(step, whyNone);
      return;
    }
    steps.run(step, () -> {
      HookOutcome outcome = hooks.runHook(target, when);
      if (!outcome.succeeded()) {
        throw ApplicationFailure.newNonRetryableFailure(which + " hook of " + target + " failed"
            + (when == When.BEFORE ? ", so no backup was taken: " : ": ") + outcome.describe(),
            FailureTypes.HOOK_FAILED);
      }
      return outcome;
    }, HookOutcome::describe);
  }
}
