package io.lifeboat.activities.checks;

import io.lifeboat.activities.runbook.DatabaseCredentials;
import io.lifeboat.activities.runbook.PollPause;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.CheckActivities;
import io.lifeboat.workflows.runbook.HealthCheck;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;

/** Health checks retried until they pass or their window closes. */
public class CheckActivitiesImpl implements CheckActivities {
  private final HttpClient http;
  private final DatabaseCredentials credentials;

  /** No {@code password_env} may be read; see {@link DatabaseCredentials}. */
  public CheckActivitiesImpl() {
    this(DatabaseCredentials.none());
  }

  public CheckActivitiesImpl(DatabaseCredentials credentials) {
    this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), credentials);
  }

  public CheckActivitiesImpl(HttpClient http, DatabaseCredentials credentials) {
    this.http = http;
    this.credentials = credentials;
  }

  @Override
  public String healthCheck(HealthCheck check) {
    Probe probe = probe(check);
    long deadline = System.nanoTime() + check.within().toNanos();
    for (int tries = 1; ; tries++) {
      Probe.Observation observation = probe.probe();
      if (observation.passed()) {
        return observation.seen() + (tries == 1 ? "" : " (after " + tries + " tries)");
      }
      if (System.nanoTime() + check.every().toNanos() > deadline) {
        throw ApplicationFailure.newFailure(
            "not healthy within " + check.within().toSeconds() + "s (" + tries + " tries): " + observation.seen(),
            HEALTH_CHECK_FAILED);
      }
      PollPause.between(observation.seen(), check.every());
    }
  }

  private Probe probe(HealthCheck check) {
    return switch (check.kind()) {
      case "http" -> new HttpProbe(http, check.target(), check.expectStatus(), check.expectBody());
      case "tcp" -> new TcpProbe(check.target());
      case "sql" -> new SqlProbe(
          check.target(), credentials.of(check.user(), check.passwordEnv()), check.query(), check.expect());
      default -> throw ApplicationFailure.newNonRetryableFailure(
          "unknown health check " + check.kind() + "; expected http, tcp or sql", FailureTypes.BAD_REQUEST);
    };
  }
}
