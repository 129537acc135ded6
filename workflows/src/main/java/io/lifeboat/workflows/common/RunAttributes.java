package io.lifeboat.workflows.common;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * The search attributes every Lifeboat run carries, so an operator can filter runs in the Temporal
 * web UI ({@code LifeboatTarget = "shop" AND LifeboatRunType = "RESTORE"}). Names and ids only,
 * never a secret. The worker registers them on its namespace at start.
 */
public final class RunAttributes {
  public static final SearchAttributeKey<String> TARGET = SearchAttributeKey.forKeyword("LifeboatTarget");
  public static final SearchAttributeKey<String> KIND = SearchAttributeKey.forKeyword("LifeboatKind");
  public static final SearchAttributeKey<String> RUN_TYPE = SearchAttributeKey.forKeyword("LifeboatRunType");
  public static final SearchAttributeKey<String> BACKUP_ID = SearchAttributeKey.forKeyword("LifeboatBackupId");
  public static final SearchAttributeKey<String> OUTCOME = SearchAttributeKey.forKeyword("LifeboatOutcome");
  public static final SearchAttributeKey<String> REQUESTED_BY = SearchAttributeKey.forKeyword("LifeboatRequestedBy");
  public static final SearchAttributeKey<String> RUNBOOK = SearchAttributeKey.forKeyword("LifeboatRunbook");

  public static final List<SearchAttributeKey<String>> ALL =
      List.of(TARGET, KIND, RUN_TYPE, BACKUP_ID, OUTCOME, REQUESTED_BY, RUNBOOK);

  private RunAttributes() {}

  /** What the run is and who asked for it; {@code target} may be null (a runbook spans several). */
  public static void started(String runType, String target, String requestedBy) {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    updates.add(RUN_TYPE.valueSet(runType));
    updates.add(OUTCOME.valueSet("RUNNING"));
    if (target != null) {
      updates.add(TARGET.valueSet(target));
    }
    if (requestedBy != null && !requestedBy.isBlank()) {
      updates.add(REQUESTED_BY.valueSet(requestedBy));
    }
    Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
  }

  /** The target, when the run learns it after its start (a verification knows only the backup id). */
  public static void target(String target) {
    set(TARGET, target);
  }

  public static void kind(String kind) {
    set(KIND, kind);
  }

  public static void backup(String backupId) {
    set(BACKUP_ID, backupId);
  }

  public static void runbook(String name) {
    set(RUNBOOK, name);
  }

  /** RUNNING, then COMPLETED or FAILED (runbooks: ABORTED too). */
  public static void outcome(String outcome) {
    set(OUTCOME, outcome);
  }

  private static void set(SearchAttributeKey<String> key, String value) {
    if (value == null || value.isBlank() || value.equals(Workflow.getTypedSearchAttributes().get(key))) {
      return;
    }
    Workflow.upsertTypedSearchAttributes(key.valueSet(value));
  }
}
