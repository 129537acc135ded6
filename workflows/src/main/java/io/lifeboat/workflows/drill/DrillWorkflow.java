package io.lifeboat.workflows.drill;

import io.lifeboat.workflows.common.RunProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Rehearses a runbook, or one target's restore, in a scratch environment it creates and always
 * removes: production is never written to. Measures the RTO and RPO a real recovery would achieve,
 * checks the restored data, and stores a report. A drill that fails or misses an objective fails
 * with {@link #DRILL_FAILED}, after its report is stored.
 */
@WorkflowInterface
public interface DrillWorkflow {
  String DRILL_FAILED = "DrillFailed";
  /** A runbook that cannot be isolated: refused before anything is created. */
  String NOT_ISOLATED = "DrillNotIsolated";

  DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** The drill's id, also its workflow id: {@code drill-20261204-203000-orders}. */
  static String drillId(String subject, Instant at) {
    String name = subject.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    return "drill-" + STAMP.format(at) + "-" + (name.length() > 40 ? name.substring(0, 40) : name);
  }

  /** The child run that rehearses the runbook in scratch; its progress query shows every step. */
  static String rehearsalId(String drillId) {
    return drillId + ":rehearsal";
  }

  @WorkflowMethod
  DrillResult drill(DrillRequest request);

  @QueryMethod(description = "The drill's steps: plan, create the scratch environment, rehearse the runbook (its own"
      + " steps are in the rehearsal run's progress), tear down, store the report")
  RunProgress progress();
}
