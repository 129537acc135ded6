package io.lifeboat.workflows.runbook;

import io.lifeboat.workflows.drill.DrillActivities;
import io.lifeboat.workflows.drill.DrillEnvironment;
import io.lifeboat.workflows.drill.DrillPlan;
import io.lifeboat.workflows.drill.DrillReport;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.ScratchPlace;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A drill's own activities in memory: plans the runbook it is given, "creates" scratch places on
 * made-up ports, records teardowns and stored reports.
 */
class FakeDrillSite implements DrillActivities {
  final List<String> journal = Collections.synchronizedList(new ArrayList<>());
  final List<DrillReport> stored = Collections.synchronizedList(new ArrayList<>());
  private final Runbook runbook;
  private final Map<String, String> targetKinds;

  FakeDrillSite(Runbook runbook, Map<String, String> targetKinds) {
    this.runbook = runbook;
    this.targetKinds = targetKinds;
  }

  @Override
  public DrillPlan plan(DrillRequest request) {
    journal.add("plan " + request.subject());
    if (!request.subject().equals(runbook.name())) {
      throw ApplicationFailure.newNonRetryableFailure("unknown runbook '" + request.subject() + "'; known: "
          + runbook.name(), FailureTypes.BAD_REQUEST);
    }
    return new DrillPlan(runbook.name(), false, runbook,
        runbook.parameterValues(request.parameters() == null ? Map.of() : request.parameters()), targetKinds,
        Boolean.TRUE.equals(request.waitForApprovals()));
  }

  @Override
  public DrillEnvironment prepare(String drillId, List<String> kinds) {
    journal.add("prepare " + kinds);
    List<ScratchPlace> places = new ArrayList<>();
    int port = 41000;
    for (String kind : kinds) {
      places.add(switch (kind) {
        case "postgres" -> new ScratchPlace(kind, DrillEnvironment.destinationName(drillId, kind), "127.0.0.1",
            port++, "postgres", "/scratch/" + drillId + "/postgres");
        case "redis" -> new ScratchPlace(kind, DrillEnvironment.destinationName(drillId, kind), "127.0.0.1", port++,
            null, "/scratch/" + drillId + "/redis");
        default -> new ScratchPlace(kind, DrillEnvironment.destinationName(drillId, kind), null, null, null,
            "/scratch/" + drillId + "/" + kind);
      });
    }
    return new DrillEnvironment(drillId, "/scratch/" + drillId, places);
  }

  @Override
  public String tearDown(String drillId) {
    journal.add("tearDown " + drillId);
    return "removed everything of " + drillId;
  }

  @Override
  public String store(DrillReport report) {
    journal.add("store " + report.drillId());
    stored.add(report);
    return DrillReport.key(report.drillId(), "json");
  }
}
