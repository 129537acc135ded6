package io.lifeboat.activities.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.activities.traffic.FakeRoute53.RecordSet;
import io.lifeboat.workflows.runbook.TrafficSwitch;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Route 53 switches through the AWS SDK against {@link FakeRoute53}, an in-process server
 * speaking Route 53's REST/XML: Route 53 cannot be reached from here and has no local edition.
 */
class Route53TrafficTest {
  private static final String ZONE = "Z0LIFEBOAT";
  private static final String NAME = "db.shop.example.";

  private FakeRoute53 route53;
  private TrafficActivitiesImpl traffic;

  @BeforeEach
  void start() throws Exception {
    route53 = new FakeRoute53(ZONE);
    traffic = new TrafficActivitiesImpl(HttpClient.newHttpClient(), Duration.ofSeconds(5), route53::client,
        Duration.ofSeconds(20));
  }

  @AfterEach
  void stop() {
    route53.close();
  }

  @Test
  void weightedRecordsMoveAllWeightToTheRecoveredServerAndBack() {
    route53.put(new RecordSet(NAME, "A", "primary", 100L, null, 60, List.of("10.0.0.1")));
    route53.put(new RecordSet(NAME, "A", "recovered", 0L, null, 60, List.of("10.0.1.1")));
    route53.put(new RecordSet("api.shop.example.", "A", "primary", 100L, null, 60, List.of("10.0.8.8")));
    route53.put(new RecordSet("www.shop.example.", "A", "primary", 100L, null, 60, List.of("10.0.9.9")));
    TrafficSwitch change = new TrafficSwitch("route53", ZONE, "DB.shop.example", "primary", "recovered");

    String done = traffic.redirectTraffic(change);

    assertThat(done).isEqualTo("route53 " + ZONE + " " + NAME + " moved traffic from primary to recovered"
        + " (primary weight 0, recovered weight 100, change C1 INSYNC)");
    assertThat(route53.get(NAME, "primary")).isEqualTo(new RecordSet(NAME, "A", "primary", 0L, null, 60, List.of("10.0.0.1")));
    assertThat(route53.get(NAME, "recovered").weight()).isEqualTo(100L);
    assertThat(route53.get(NAME, "recovered").values()).containsExactly("10.0.1.1");
    assertThat(route53.changeReads()).as("waited for PENDING to become INSYNC").isEqualTo(2);
    assertThat(route53.changeBatches.get(0)).contains("<Action>UPSERT</Action>").doesNotContain("api.shop", "www.shop");

    traffic.sendTrafficBack(change);

    assertThat(route53.get(NAME, "primary").weight()).isEqualTo(100L);
    assertThat(route53.get(NAME, "recovered").weight()).isEqualTo(0L);
  }

  @Test
  void failoverRecordsSwapPrimaryAndSecondaryAndARepeatChangesNothing() {
    route53.put(new RecordSet(NAME, "CNAME", "old", null, "PRIMARY", 30, List.of("old.db.internal")));
    route53.put(new RecordSet(NAME, "CNAME", "new", null, "SECONDARY", 30, List.of("new.db.internal")));
    TrafficSwitch change = new TrafficSwitch("route53", ZONE, NAME, "old", "new");

    traffic.redirectTraffic(change);
    String again = traffic.redirectTraffic(change);

    assertThat(route53.get(NAME, "new").failover()).isEqualTo("PRIMARY");
    assertThat(route53.get(NAME, "old").failover()).isEqualTo("SECONDARY");
    assertThat(route53.get(NAME, "new").values()).containsExactly("new.db.internal");
    assertThat(again).isEqualTo("route53 " + ZONE + " " + NAME + " already sends traffic to new; nothing changed");
    assertThat(route53.changeBatches).hasSize(1);
  }

  @Test
  void anUnknownSetIdentifierIsRefusedNamingTheOnesThere() {
    route53.put(new RecordSet(NAME, "A", "primary", 100L, null, 60, List.of("10.0.0.1")));
    route53.put(new RecordSet(NAME, "A", "recovered", 0L, null, 60, List.of("10.0.1.1")));

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> traffic.redirectTraffic(new TrafficSwitch("route53", ZONE, NAME, "primary", "standby")));

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).startsWith("route53 " + ZONE + " has no record " + NAME
        + " with set identifier standby; it has [primary, recovered]");
    assertThat(route53.changeBatches).isEmpty();
  }

  @Test
  void anUnknownZoneIsARetryableFailureNamingIt() {
    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class,
        () -> traffic.redirectTraffic(new TrafficSwitch("route53", "ZNOPE", NAME, "a", "b")));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).startsWith("route53 ZNOPE " + NAME + ": No hosted zone found");
  }
}
