package io.lifeboat.activities.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.activities.runbook.DatabaseCredentials;
import io.lifeboat.activities.runbook.RecordingEndpoint;
import io.lifeboat.activities.runbook.RecordingEndpoint.Answer;
import io.lifeboat.workflows.runbook.CheckActivities;
import io.lifeboat.workflows.runbook.HealthCheck;
import io.lifeboat.workflows.runbook.PasswordVariables;
import io.temporal.failure.ApplicationFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
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

  @Test
  void aPasswordVariableNotListedForRunbooksIsNeverReadNorSent() throws Exception {
    CheckActivitiesImpl listing = new CheckActivitiesImpl(
        new DatabaseCredentials(new PasswordVariables(Set.of("APP_DB_PASSWORD", "HOME"))));
    try (ServerSocket listener = new ServerSocket(0)) {
      listener.setSoTimeout(300);
      HealthCheck toListener = new HealthCheck("sql", "jdbc:postgresql://127.0.0.1:" + listener.getLocalPort() + "/app",
          0, null, "select 1", "1", "app", "PATH", Duration.ofSeconds(1), Duration.ofMillis(100));

      ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class,
          () -> listing.healthCheck(toListener));

      assertThat(refused.getOriginalMessage()).isEqualTo("password_env names PATH, which runbooks may not read"
          + " (allowed: APP_DB_PASSWORD, HOME); if PATH holds a database password, add it to"
          + " runbooks.passwordVariables in the configuration and restart");
      assertThat(refused.isNonRetryable()).isTrue();
      assertThat(catchThrowable(listener::accept)).as("nothing connected").isInstanceOf(SocketTimeoutException.class);
    }
    ApplicationFailure byDefault = catchThrowableOfType(ApplicationFailure.class,
        () -> checks.healthCheck(sqlWithPasswordFrom("HOME")));
    assertThat(byDefault.getOriginalMessage())
        .startsWith("password_env names HOME, which runbooks may not read (runbooks.passwordVariables lists none)");

    // a listed variable is read (the embedded server trusts any password)
    assertThat(listing.healthCheck(sqlWithPasswordFrom("HOME"))).isEqualTo("'select 1' returned '1'");
  }

  private static HealthCheck sqlWithPasswordFrom(String variable) {
    return new HealthCheck("sql", postgres.getJdbcUrl("postgres", "postgres"), 0, null, "select 1", "1", "postgres",
        variable, Duration.ofSeconds(1), Duration.ofMillis(100));
  }
}
