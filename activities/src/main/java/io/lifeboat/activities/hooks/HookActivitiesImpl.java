package io.lifeboat.activities.hooks;

import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.workflows.backup.ConfiguredHooks;
import io.lifeboat.workflows.backup.HookActivities;
import io.lifeboat.workflows.backup.HookOutcome;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The hooks around backups, read from the worker's configuration by target name: workflows name the
 * target and which hook, and get back how it went. A hook heartbeats while it runs and is stopped
 * when its attempt is cancelled.
 */
public class HookActivitiesImpl implements HookActivities {
  private final Map<String, TargetHooks> targets;
  private final HookRunner runner;

  /** {@code targets}: the targets that have hooks; any other has none. */
  public HookActivitiesImpl(Map<String, TargetHooks> targets) {
    this(targets, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
  }

  public HookActivitiesImpl(Map<String, TargetHooks> targets, HttpClient http) {
    this.targets = Map.copyOf(targets);
    this.runner = new HookRunner(http);
  }

  @Override
  public ConfiguredHooks configuredHooks(String target) {
    TargetHooks hooks = targets.get(target);
    return hooks == null ? ConfiguredHooks.none() : new ConfiguredHooks(hooks.before() != null, hooks.after() != null);
  }

  @Override
  public HookOutcome runHook(String target, When when) {
    TargetHooks hooks = targets.get(target);
    Hook hook = hooks == null ? null : hooks.get(when);
    if (hook == null) {
      return HookOutcome.notConfigured();
    }
    String which = when.name().toLowerCase(Locale.ROOT);
    try (Heartbeat heartbeat = Heartbeat.start(which + "-hook-" + target)) {
      HookOutcome outcome = runner.run(hook, target, which, heartbeat);
      heartbeat.throwIfStopped();
      return outcome;
    }
  }
}
