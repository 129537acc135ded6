package io.lifeboat.worker.drill;

import io.lifeboat.activities.catalog.DrillReportIndex;
import io.lifeboat.activities.drill.DrillReports;
import io.lifeboat.activities.drill.ScratchEnvironments;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.workflows.drill.DrillActivities;
import io.lifeboat.workflows.drill.DrillEnvironment;
import io.lifeboat.workflows.drill.DrillPlan;
import io.lifeboat.workflows.drill.DrillReport;
import io.lifeboat.workflows.drill.DrillRequest;
import java.util.List;

/**
 * A drill's activities on this worker: its plan from the configuration and runbook library, its
 * scratch environment on this host, its report in the bucket, indexed in the catalog.
 */
public final class DrillActivitiesImpl implements DrillActivities {
  private final DrillPlanner planner;
  private final ScratchEnvironments scratch;
  private final DrillReports reports;
  private final Catalog catalog;
  /** The task queue only this host's worker polls. */
  private final String hostQueue;

  public DrillActivitiesImpl(DrillPlanner planner, ScratchEnvironments scratch, DrillReports reports, Catalog catalog,
      String hostQueue) {
    this.planner = planner;
    this.scratch = scratch;
    this.reports = reports;
    this.catalog = catalog;
    this.hostQueue = hostQueue;
  }

  @Override
  public DrillPlan plan(DrillRequest request) {
    return planner.plan(request);
  }

  @Override
  public DrillEnvironment prepare(String drillId, List<String> kinds) {
    return scratch.prepare(drillId, kinds).on(hostQueue);
  }

  @Override
  public String tearDown(String drillId) {
    return scratch.tearDown(drillId);
  }

  /** The bucket first (the truth), then the catalog's index of it. */
  @Override
  public String store(DrillReport report) {
    String key = reports.store(report);
    catalog.recordDrill(DrillReportIndex.entryOf(report));
    return key;
  }
}
