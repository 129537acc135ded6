package io.lifeboat.worker.drill;

import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.PostgresClusterTargetConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.runbooks.RunbookLibrary;
import io.lifeboat.runbooks.RunbookValidationException;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.drill.DrillPlan;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.Step;
import io.lifeboat.workflows.runbook.StepArguments;
import io.lifeboat.workflows.runbook.StepType;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads what a drill will rehearse from the worker's configuration and runbook library: the
 * runbook (a named one, or one made for a target), its parameter values, and the kind of every
 * target it restores, so the drill knows which scratch servers to make. Pure planning: it reads
 * the configuration and runbook files and nothing else. A request it cannot plan is refused with
 * one line saying what to do instead, before anything is created.
 */
public final class DrillPlanner {
  private final Map<String, ? extends TargetConfig> targets;
  private final DrillsConfig drills;
  private final RunbookLibrary library;

  public DrillPlanner(LifeboatConfiguration config) {
    this(config.getTargets(), config.getDrills(), RunbookLibrary.withFolder(config.getRunbooks().getFolder()));
  }

  public DrillPlanner(Map<String, ? extends TargetConfig> targets, DrillsConfig drills, RunbookLibrary library) {
    this.targets = targets;
    this.drills = drills;
    this.library = library;
  }

  /** @throws ApplicationFailure non-retryable, {@link FailureTypes#BAD_REQUEST}, for a request it cannot plan */
  public DrillPlan plan(DrillRequest r) {
    boolean byRunbook = given(r.runbook());
    if (byRunbook == given(r.target())) {
      throw refused("a drill rehearses exactly one runbook or one target, " + (byRunbook ? "not both" : "and none was named")
          + ": name a runbook (e.g. postgres-restore) or a target (one of " + String.join(", ", new TreeMap<>(targets).keySet())
          + ")");
    }
    Map<String, String> supplied = r.parameters() == null ? Map.of() : r.parameters();
    boolean waitForApprovals = r.waitForApprovals() != null ? r.waitForApprovals()
        : drills.getApprovals() == DrillsConfig.Approvals.WAIT;
    Runbook runbook = byRunbook ? runbook(r.runbook()) : targetRunbook(r.target());
    Map<String, String> values;
    try {
      values = runbook.parameterValues(supplied);
    } catch (IllegalArgumentException e) {
      throw refused("drill of " + r.subject() + ": " + e.getMessage() + "; pass parameters as name=value");
    }
    Map<String, String> kinds = byRunbook ? restoredKinds(runbook, values)
        : Map.of(r.target(), targets.get(r.target()).kind());
    return new DrillPlan(r.subject(), !byRunbook, runbook, values, kinds, waitForApprovals);
  }

  private Runbook runbook(String name) {
    try {
      return library.load(name).orElseThrow(() -> refused("no runbook '" + name + "' to drill; known runbooks: "
          + String.join(", ", library.names())));
    } catch (RunbookValidationException e) {
      throw refused("runbook " + name + " does not validate, so it cannot be drilled: "
          + String.join("; ", e.getMessage().split("\n")) + "; fix the file and drill again");
    }
  }

  private Runbook targetRunbook(String name) {
    TargetConfig target = targets.get(name);
    if (target == null) {
      throw refused("no target '" + name + "' to drill; configured targets: "
          + String.join(", ", new TreeMap<>(targets).keySet()));
    }
    refuseCluster(name, target, "target " + name);
    try {
      return TargetDrillRunbook.of(name, target);
    } catch (IllegalArgumentException e) {
      throw refused("target " + name + ": " + e.getMessage());
    }
  }

  /** Target → kind for every restore step, parallel groups included, its target bound with the parameters. */
  private Map<String, String> restoredKinds(Runbook runbook, Map<String, String> values) {
    Map<String, String> kinds = new LinkedHashMap<>();
    for (Step step : runbook.steps()) {
      if (step.type() != StepType.RESTORE) {
        continue;
      }
      StepArguments with;
      try {
        with = step.with().bind(values);
      } catch (IllegalArgumentException e) {
        throw refused("runbook " + runbook.name() + " step '" + step.name() + "': " + e.getMessage()
            + "; declare the parameter in the runbook");
      }
      String name = with.required("target");
      TargetConfig target = targets.get(name);
      if (target == null) {
        throw refused("runbook " + runbook.name() + " step '" + step.name() + "' restores target '" + name
            + "', which is not configured; configured targets: " + String.join(", ", new TreeMap<>(targets).keySet()));
      }
      String where = "runbook " + runbook.name() + " step '" + step.name() + "'";
      refuseCluster(name, target, where);
      if (with.value("schema").isPresent()) {
        throw refused(where + " restores tenant schema " + with.value("schema").get() + " of " + name
            + ": drills of tenant schemas are not supported yet; drill the whole target " + name
            + " instead");
      }
      kinds.put(name, target.kind());
    }
    return kinds;
  }

  private static void refuseCluster(String name, TargetConfig target, String where) {
    if (PostgresClusterTargetConfig.KIND.equals(target.kind())) {
      throw refused(where + ": " + name + " is a postgres-cluster target, and drills of clusters are not supported yet;"
          + " verify its backups with `lifeboat verify BACKUP_ID` (a test restore in a private cluster) instead");
    }
  }

  private static boolean given(String value) {
    return value != null && !value.isBlank();
  }

  private static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.BAD_REQUEST);
  }
}
