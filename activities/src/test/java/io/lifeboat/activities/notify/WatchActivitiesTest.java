package io.lifeboat.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.NotificationRouteConfig;
import io.lifeboat.config.NotificationSeverity;
import io.lifeboat.config.NotificationsConfig;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.notify.WatchActivities;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch's disk check on a real directory of this machine and a real catalog (PostgreSQL). No
 * test may fill this machine's disk to 90%, so the thresholds are set around the disk's real free
 * space, which the check reads itself: above it is a warning, then critical, then below it again
 * fine. Each level crossing is sent once, the level it replaces is resolved, and a failed delivery
 * is kept (for the dashboard) and sent again at the next watch under the same key.
 */
class WatchActivitiesTest {
  private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

  @TempDir Path scratch;

  private final Map<String, NotificationActivitiesTest.RecordingChannel> channels = new LinkedHashMap<>();
  private final List<TestActivityEnvironment> environments = new ArrayList<>();
  private Catalog catalog;
  private NotificationsConfig config;
  private double free;

  @BeforeEach
  void start() throws IOException {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
    channels.put("pager", new NotificationActivitiesTest.RecordingChannel());
    channels.put("chat", new NotificationActivitiesTest.RecordingChannel());
    config = new NotificationsConfig();
    config.setRoutes(List.of(route(List.of(NotificationSeverity.CRITICAL), "pager"),
        route(List.of(NotificationSeverity.CRITICAL, NotificationSeverity.WARNING), "chat")));
    FileStore store = Files.getFileStore(scratch);
    free = (double) store.getUsableSpace() / store.getTotalSpace();
  }

  @AfterEach
  void stop() {
    environments.forEach(TestActivityEnvironment::close);
  }

  @Test
  void eachLevelCrossingOfARealDiskIsSentOnceAndTheLevelItReplacesIsResolved() {
    List<String> lines = watch(free + 0.05, free - 0.05).checkScratchDisks();
    watch(free + 0.05, free - 0.05).checkScratchDisks();

    assertThat(lines).singleElement().asString().startsWith("warning: scratch disk of " + scratch + " on host-1 has ");
    assertThat(channels.get("pager").sent).isEmpty();
    assertThat(channels.get("chat").sent).as("once per level, not at every watch").singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("disk-space-low");
      assertThat(e.severity()).isEqualTo(NotificationSeverity.WARNING);
      assertThat(e.dedupKey()).startsWith("disk-space-low:host-1:").endsWith(":warning:" + NOW.getEpochSecond());
      assertThat(e.run()).isEqualTo("watch");
      assertThat(e.resolved()).isFalse();
    });
    String warning = channels.get("chat").sent.get(0).dedupKey();
    String critical = warning.replace(":warning:", ":critical:");

    watch(free + 0.10, free + 0.05).checkScratchDisks();

    assertThat(channels.get("chat").sent).extracting(NotificationEvent::dedupKey, NotificationEvent::resolved)
        .containsExactly(Tuple.tuple(warning, false), Tuple.tuple(warning, true), Tuple.tuple(critical, false));
    assertThat(channels.get("chat").sent.get(1).summary()).endsWith("(warning superseded by critical)");
    assertThat(channels.get("pager").sent).extracting(NotificationEvent::dedupKey, NotificationEvent::resolved)
        .containsExactly(Tuple.tuple(critical, false));

    List<String> fine = watch(free / 2, free / 4).checkScratchDisks();

    assertThat(fine).singleElement().asString().startsWith("ok: ");
    assertThat(channels.get("pager").sent).extracting(NotificationEvent::dedupKey, NotificationEvent::resolved)
        .containsExactly(Tuple.tuple(critical, false), Tuple.tuple(critical, true));
    assertThat(channels.get("chat").sent).hasSize(4);
    watch(free / 2, free / 4).checkScratchDisks();
    assertThat(channels.get("chat").sent).as("nothing more while it stays fine").hasSize(4);
  }

  @Test
  void aChannelThatFailsIsKeptForTheDashboardAndTheNextWatchSendsTheSameKeyAgain() {
    channels.get("chat").failures = 1;

    Throwable thrown = catchThrowable(() -> watch(free + 0.05, free - 0.05).checkScratchDisks());

    assertThat(thrown).hasStackTraceContaining("notifications not delivered to chat (disk-space-low)");
    assertThat(catalog.notificationFailures(NOW.minusSeconds(60), 10)).singleElement().satisfies(f -> {
      assertThat(f.channel()).isEqualTo("chat");
      assertThat(f.event()).isEqualTo("disk-space-low");
      assertThat(f.severity()).isEqualTo("warning");
      assertThat(f.target()).isNull();
      assertThat(f.error()).isEqualTo("the channel's URL answered 503: maintenance");
    });

    watch(free + 0.05, free - 0.05).checkScratchDisks();

    assertThat(channels.get("chat").sent).singleElement().satisfies(e ->
        assertThat(e.dedupKey()).endsWith(":warning:" + NOW.getEpochSecond()));
    assertThat(catalog.notificationFailures(NOW.minusSeconds(60), 10)).as("delivered since").isEmpty();
    watch(free + 0.05, free - 0.05).checkScratchDisks();
    assertThat(channels.get("chat").sent).as("delivered: not sent again").hasSize(1);
  }

  @Test
  void withoutRoutesNothingIsCheckedForSendingAndWithoutALagThresholdNoLagIsReported() {
    config.setRoutes(List.of());

    assertThat(watch(free + 0.05, free - 0.05).checkScratchDisks()).singleElement().asString().startsWith("warning: ");
    assertThat(watch(free + 0.05, free - 0.05).checkReplicationLags()).isEmpty();

    assertThat(channels.get("chat").sent).isEmpty();
    assertThat(channels.get("pager").sent).isEmpty();
  }

  /** The watch's activities of host-1 with these thresholds, as one worker would run them. */
  private WatchActivities watch(double warningFree, double criticalFree) {
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    environments.add(environment);
    NotificationActivitiesImpl notifications = new NotificationActivitiesImpl(config, Map.of("orders",
        new io.lifeboat.config.PostgresTargetConfig()), catalog,
        new ScratchDiskSpace(List.of(scratch), warningFree, criticalFree), Map.copyOf(channels),
        new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC), "host-1");
    environment.registerActivitiesImplementations(notifications.watch(List.of("orders"), () -> List.of("q@host-1")));
    return environment.newActivityStub(WatchActivities.class);
  }

  private static NotificationRouteConfig route(List<NotificationSeverity> severity, String channel) {
    NotificationRouteConfig route = new NotificationRouteConfig();
    route.setSeverity(new ArrayList<>(severity));
    route.setChannels(List.of(channel));
    return route;
  }
}
