package io.lifeboat.activities.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.activities.runbook.RecordingEndpoint;
import io.lifeboat.activities.runbook.RecordingEndpoint.Answer;
import io.lifeboat.workflows.runbook.CheckActivities;
import io.lifeboat.workflows.runbook.HealthCheck;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CheckActivitiesTest {
  private static EmbeddedPostgres postgres;
  private final CheckActivitiesImpl checks = new CheckActivitiesImpl();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private static HealthCheck http(String url, int status, String body, Duration within) {
    return new HealthCheck("http", url, status, body, null, null, null, null, within, Duration.ofMillis(50));
  }

  private static HealthCheck sql(String query, String expect) {
    return new HealthCheck("sql", postgres.getJdbcUrl("postgres", "postgres"), 0, null, query, expect, "postgres",
        null, Duration.ofSeconds(1), Duration.ofMillis(100));
  }

  @Test
  void httpCheckIsRetriedUntilTheApplicationAnswers() throws Exception {
    AtomicInteger tries = new AtomicInteger();
    try (RecordingEndpoint app = new RecordingEndpoint(
        request -> tries.incrementAndGet() < 3 ? new Answer(503, "starting") : new Answer(200, "{\"status\":\"ok\"}"))) {

      String seen = checks.healthCheck(http(app.url("/health"), 200, "ok", Duration.ofSeconds(5)));

      assertThat(seen).isEqualTo("HTTP 200 from " + app.url("/health") + " (after 3 tries)");
    }
  }

  @Test
  void httpCheckFailsWithTheLastObservationWhenItsWindowCloses() throws Exception {
    try (RecordingEndpoint app = new RecordingEndpoint(request -> new Answer(200, "maintenance page"))) {

      ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
          () -> checks.healthCheck(http(app.url("/health"), 200, "ok", Duration.ofMillis(300))));

      assertThat(failure.getType()).isEqualTo(CheckActivities.HEALTH_CHECK_FAILED);
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage()).startsWith("not healthy within 0s (")
          .endsWith("HTTP 200 from " + app.url("/health") + ", body without 'ok': maintenance page");
    }
  }

  @Test
  void tcpCheckPassesWhenThePortAcceptsConnections() throws Exception {
    try (ServerSocket listening = new ServerSocket(0)) {
      String address = "127.0.0.1:" + listening.getLocalPort();

      String seen = checks.healthCheck(new HealthCheck("tcp", address, 0, null, null, null, null, null,
          Duration.ofSeconds(1), Duration.ofMillis(100)));

      assertThat(seen).isEqualTo(address + " accepts connections");
    }
  }

  @Test
  void sqlCheckComparesTheFirstValueAsText() {
    assertThat(checks.healthCheck(sql("select count(*) > 0 from pg_database", "t")))
        .isEqualTo("'select count(*) > 0 from pg_database' returned 't'");

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> checks.healthCheck(sql("select 41", "42")));

    assertThat(failure.getOriginalMessage()).endsWith("'select 41' returned '41', expected '42'");
  }
}
