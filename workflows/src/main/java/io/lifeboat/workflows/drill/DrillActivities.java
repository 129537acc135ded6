package io.lifeboat.workflows.drill;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** What a drill does outside its workflow: plan, create and remove its scratch environment, keep its report. */
@ActivityInterface
public interface DrillActivities {
  /**
   * The runbook (from the worker's runbook library) or the target (from its configuration) a drill
   * rehearses, with its parameters; refuses an unknown runbook or target, or bad parameters, in one
   * line naming what is known.
   */
  DrillPlan plan(DrillRequest request);

  /**
   * Creates the scratch places of the given kinds for a drill, on free ports under a directory of
   * its own (a PostgreSQL server by initdb, a Redis server, directories). Idempotent: a retry
   * finds, and restarts where needed, what an earlier attempt created. Heartbeats.
   */
  DrillEnvironment prepare(String drillId, List<String> kinds);

  /**
   * Stops and removes everything the drill created (servers stopped, directories deleted); done
   * when nothing is left, also when nothing was ever created. Says what it removed.
   */
  String tearDown(String drillId);

  /**
   * Stores the report as JSON, Markdown and a self-contained HTML page in the bucket
   * ({@code _lifeboat/drills/<id>/report.json|md|html}) and indexes it in the catalog. Idempotent.
   * Returns the bucket key of the JSON report.
   */
  String store(DrillReport report);
}
