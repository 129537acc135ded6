package io.lifeboat.activities.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.testing.PrivateHaproxy;
import io.lifeboat.testing.PrivateHaproxy.HealthChecks;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.TrafficSwitch;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a real haproxy started by the test: traffic really moves between two real backends. */
class HaproxyTrafficTest {
  @TempDir
  Path dir;

  private NamedServer blue;
  private NamedServer green;
  private PrivateHaproxy haproxy;
  private final TrafficActivitiesImpl traffic =
      new TrafficActivitiesImpl(HttpClient.newHttpClient(), Duration.ofSeconds(10));

  @BeforeEach
  void start() throws Exception {
    blue = new NamedServer("blue");
    green = new NamedServer("green");
    haproxy = PrivateHaproxy.start(dir, "blue", blue.port(), "green", green.port(), HealthChecks.EVERY_200_MS);
  }

  @AfterEach
  void stop() throws Exception {
    haproxy.close();
    blue.close();
    green.close();
  }

  private TrafficSwitch blueToGreen() {
    return new TrafficSwitch("haproxy", haproxy.socket().toString(), "app", "blue", "green");
  }

  @Test
  void redirectsTrafficToTheNewServerAndSendsItBack() throws Exception {
    assertThat(haproxy.get("/")).isEqualTo("blue");

    String redirected = traffic.redirectTraffic(blueToGreen());

    assertThat(redirected).isEqualTo("backend app: blue maint/stopped, green ready/running");
    for (int i = 0; i < 5; i++) {
      assertThat(haproxy.get("/")).isEqualTo("green");
    }

    String sentBack = traffic.sendTrafficBack(blueToGreen());

    assertThat(sentBack).contains("blue ready/running", "green maint");
    for (int i = 0; i < 5; i++) {
      assertThat(haproxy.get("/")).isEqualTo("blue");
    }
  }

  @Test
  void repeatingASwitchThatIsDoneChangesNothing() throws Exception {
    traffic.redirectTraffic(blueToGreen());
    traffic.redirectTraffic(blueToGreen());

    assertThat(haproxy.get("/")).isEqualTo("green");
  }

  @Test
  void aNameHoldingACommandSeparatorIsRefusedAndNothingIsSent() throws Exception {
    for (String hostile : new String[] {"green;set server app/blue state maint", "green state maint", "green\nshow info"}) {
      ApplicationFailure refused = catchThrowableOfType(ApplicationFailure.class, () -> traffic.redirectTraffic(
          new TrafficSwitch("haproxy", haproxy.socket().toString(), "app", "blue", hostile)));

      assertThat(refused.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
      assertThat(refused.getOriginalMessage()).startsWith("haproxy server name '" + hostile + "' is not a name")
          .contains("letters, digits");
    }
    ApplicationFailure backend = catchThrowableOfType(ApplicationFailure.class, () -> traffic.redirectTraffic(
        new TrafficSwitch("haproxy", haproxy.socket().toString(), "app;disable frontend web", "blue", "green")));
    assertThat(backend.getOriginalMessage()).startsWith("haproxy backend name 'app;disable frontend web'");
    for (int i = 0; i < 3; i++) {
      assertThat(haproxy.get("/")).as("blue untouched").isEqualTo("blue");
    }
  }

  @Test
  void worksOverATcpStatsSocketToo() throws Exception {
    traffic.redirectTraffic(new TrafficSwitch("haproxy", haproxy.adminAddress(), "app", "blue", "green"));

    assertThat(haproxy.get("/")).isEqualTo("green");
  }

  @Test
  void acceptsTheUnixPrefixOfHaproxysOwnDocs() throws Exception {
    traffic.redirectTraffic(new TrafficSwitch("haproxy", "unix:" + haproxy.socket(), "app", "blue", "green"));

    assertThat(haproxy.get("/")).isEqualTo("green");
  }

  @Test
  void anUnknownServerIsAPermanentError() {
    TrafficSwitch typo = new TrafficSwitch("haproxy", haproxy.socket().toString(), "app", "blue", "gren");

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> traffic.redirectTraffic(typo));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
    assertThat(failure.getOriginalMessage()).contains("refused 'set server app/gren state ready'");
  }

  @Test
  void aNewServerThatIsDownDoesNotTakeTraffic() throws Exception {
    green.close();
    TrafficActivitiesImpl impatient = new TrafficActivitiesImpl(HttpClient.newHttpClient(), Duration.ofSeconds(2));

    ApplicationFailure failure =
        catchThrowableOfType(ApplicationFailure.class, () -> impatient.redirectTraffic(blueToGreen()));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).startsWith("green does not take traffic after 2s");
  }
}
