package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code notifications:} section: channels by type, routes, and one clear line for each mistake. */
class NotificationsConfigTest {
  private static final String REST_OF_FILE = """
      storage: {bucket: lifeboat-backups}
      encryption: {recipients: [/keys/ops.asc], signingKey: /keys/signer.sec.asc}
      catalog: {driverClass: org.postgresql.Driver, url: "jdbc:postgresql://localhost:5432/lifeboat"}
      targets:
        orders: {kind: postgres, host: db.example.com, user: lifeboat, database: orders, rpo: 1h, rto: 1h}
      """;

  @TempDir Path directory;

  @Test
  void everyChannelTypeAndRouteIsReadWithSecretsFromTheEnvironment() throws Exception {
    LifeboatConfiguration config = LifeboatConfigLoader.load(write("""
        notifications:
          channels:
            hook: {type: webhook, url: "https://hooks.example.com/lifeboat"}
            oncall-slack: {type: slack, url: "${SLACK_URL}"}
            mail: {type: email, host: smtp.example.com, from: lifeboat@example.com, to: [ops@example.com],
                   user: lifeboat, password: "${SMTP_PASSWORD}"}
            pager: {type: pagerduty, routingKey: "${PD_KEY}"}
            am: {type: alertmanager, url: "http://alertmanager:9093"}
          routes:
            - {channels: [pager, am]}
            - {severity: [info], targets: [orders], channels: [hook, oncall-slack, mail]}
          anomaly: {history: 20}
          replicationLag: 6 hours
          watchEvery: 10 minutes
        """), Map.of("SLACK_URL", "https://hooks.slack.com/services/T/B/x", "SMTP_PASSWORD", "s3cret",
        "PD_KEY", "R0UT1NG"));

    NotificationsConfig notifications = config.getNotifications();
    assertThat(notifications.getChannels()).containsOnlyKeys("hook", "oncall-slack", "mail", "pager", "am");
    assertThat(((NotificationChannelConfig.Slack) notifications.getChannels().get("oncall-slack")).getUrl())
        .isEqualTo("https://hooks.slack.com/services/T/B/x");
    NotificationChannelConfig.Email mail = (NotificationChannelConfig.Email) notifications.getChannels().get("mail");
    assertThat(mail.getPort()).isEqualTo(587);
    assertThat(mail.isStarttls()).isTrue();
    assertThat(mail.getPassword()).isEqualTo("s3cret");
    NotificationChannelConfig.PagerDuty pager = (NotificationChannelConfig.PagerDuty) notifications.getChannels().get("pager");
    assertThat(pager.getUrl()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
    assertThat(pager.getRoutingKey()).isEqualTo("R0UT1NG");
    assertThat(notifications.getAnomaly().getHistory()).isEqualTo(20);
    assertThat(notifications.getReplicationLag()).isEqualTo(io.dropwizard.util.Duration.hours(6));
    assertThat(notifications.watchInterval()).isEqualTo(java.time.Duration.ofMinutes(10));

    NotificationRouteConfig everything = notifications.getRoutes().get(0);
    assertThat(everything.takes(NotificationSeverity.CRITICAL, "orders")).isTrue();
    assertThat(everything.takes(NotificationSeverity.WARNING, null)).isTrue();
    assertThat(everything.takes(NotificationSeverity.INFO, "orders")).as("routine success is off by default").isFalse();
    NotificationRouteConfig routine = notifications.getRoutes().get(1);
    assertThat(routine.takes(NotificationSeverity.INFO, "orders")).isTrue();
    assertThat(routine.takes(NotificationSeverity.INFO, "billing")).isFalse();
  }

  @Test
  void withoutTheSectionNothingIsSent() throws Exception {
    NotificationsConfig notifications = LifeboatConfigLoader.load(write(""), Map.of()).getNotifications();
    assertThat(notifications.getChannels()).isEmpty();
    assertThat(notifications.getRoutes()).isEmpty();
    assertThat(notifications.getAnomaly().getHistory()).isEqualTo(10);
    assertThat(notifications.getReplicationLag()).as("not checked unless set").isNull();
    assertThat(notifications.getWatchEvery()).isEqualTo(io.dropwizard.util.Duration.minutes(5));
    assertThat(notifications.watchInterval()).as("nothing routed: nothing to watch for").isNull();
  }

  @Test
  void aRouteToAnUndeclaredChannelIsRefused() throws IOException {
    assertThat(problem("""
        notifications:
          channels: {pager: {type: pagerduty, routingKey: k}}
          routes: [{severity: [critical], channels: [pagr]}]
        """)).isEqualTo("'notifications' has a route to a channel not declared under"
        + " 'notifications.channels:'; declare it there or correct the route's channel name");
  }

  @Test
  void aRouteForAnUndeclaredTargetIsRefused() throws IOException {
    assertThat(problem("""
        notifications:
          channels: {pager: {type: pagerduty, routingKey: k}}
          routes: [{targets: [ordres], channels: [pager]}]
        """)).isEqualTo("the file notifications.routes[].targets names a target not declared under 'targets:'");
  }

  @Test
  void aChannelUrlThatIsNotHttpIsRefused() throws IOException {
    assertThat(problem("""
        notifications:
          channels: {hook: {type: webhook, url: "hooks.example.com/x"}}
        """)).isEqualTo("'notifications.channels.hook.url' is not an http(s) URL;"
        + " expected e.g. https://hooks.example.com/lifeboat");
  }

  @Test
  void anUnknownChannelTypeNamesTheKnownOnes() throws IOException {
    assertThat(problem("""
        notifications:
          channels: {chat: {type: teams, url: "https://x.example.com"}}
        """)).contains("'notifications.channels.chat.type'")
        .contains("one of: webhook, slack, email, pagerduty, alertmanager");
  }

  @Test
  void anUnknownSeverityNamesTheKnownOnes() throws IOException {
    assertThat(problem("""
        notifications:
          channels: {pager: {type: pagerduty, routingKey: k}}
          routes: [{severity: [urgent], channels: [pager]}]
        """)).contains("urgent").contains("critical").contains("warning").contains("info");
  }

  @Test
  void aWatchMoreOftenThanEveryMinuteIsRefused() throws IOException {
    assertThat(problem("""
        notifications:
          watchEvery: 10 seconds
        """)).isEqualTo("'notifications.watchEvery' is more often than every minute; set at least 1 minute"
        + " (default 5 minutes)");
  }

  private Path write(String notifications) throws IOException {
    return Files.writeString(directory.resolve("lifeboat.yml"), REST_OF_FILE + notifications);
  }

  private String problem(String notifications) throws IOException {
    Path file = write(notifications);
    Throwable thrown = catchThrowable(() -> LifeboatConfigLoader.load(file, Map.of()));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    String preamble = "Configuration file " + file + " has an error: ";
    assertThat(thrown.getMessage()).startsWith(preamble).endsWith(".").doesNotContain("\n");
    return thrown.getMessage().substring(preamble.length(), thrown.getMessage().length() - 1);
  }
}
