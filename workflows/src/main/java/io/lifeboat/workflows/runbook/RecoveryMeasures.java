package io.lifeboat.workflows.runbook;

import java.time.Duration;
import java.time.Instant;

/**
 * The objectives a run achieved. Achieved RTO = service back − incident declared; achieved RPO =
 * incident declared − recovery point restored. A value is null until the run has what it needs.
 */
public record RecoveryMeasures(
    Instant incidentAt,
    Instant recoveryPoint,
    Instant serviceBackAt,
    Duration rtoObjective,
    Duration rpoObjective,
    Duration achievedRto,
    Duration achievedRpo,
    Boolean rtoMet,
    Boolean rpoMet) {

  public static RecoveryMeasures of(
      Instant incidentAt, Instant recoveryPoint, Instant serviceBackAt, Duration rtoObjective, Duration rpoObjective) {
    Duration rto = incidentAt == null || serviceBackAt == null ? null : Duration.between(incidentAt, serviceBackAt);
    Duration rpo = incidentAt == null || recoveryPoint == null ? null : Duration.between(recoveryPoint, incidentAt);
    return new RecoveryMeasures(
        incidentAt, recoveryPoint, serviceBackAt, rtoObjective, rpoObjective, rto, rpo, met(rto, rtoObjective),
        met(rpo, rpoObjective));
  }

  private static Boolean met(Duration achieved, Duration objective) {
    return achieved == null || objective == null ? null : achieved.compareTo(objective) <= 0;
  }
}
