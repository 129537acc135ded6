package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.RawHttp;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The notifications that did not get through, as the worker records them in the catalog: the
 * latest failure first, one entry per channel and event, gone once the channel took the event, and
 * only those of the last day.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class NotificationFailuresTest {
  private static final EmbeddedPostgresFixture.Database CATALOG_DATABASE = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = ApiFixture.app(CATALOG_DATABASE);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Catalog catalog = new Catalog(CATALOG_DATABASE.dataSource());

  @Test
  void failingDeliveriesAreListedLatestFirstUntilTheChannelTakesThem() throws Exception {
    Instant now = Instant.now();
    catalog.notificationFailed("oncall-slack", "backup-failed:orders:backup:orders/r1", "backup-failed", "critical",
        "orders", now.minusSeconds(120), "the channel's URL answered 503: maintenance");
    catalog.notificationFailed("oncall-slack", "backup-failed:orders:backup:orders/r1", "backup-failed", "critical",
        "orders", now.minusSeconds(60), "the channel's URL could not be reached: Connection refused");
    catalog.notificationFailed("ops-mail", "disk-space-low:host-1:/dev/sda1:warning:1796385600", "disk-space-low",
        "warning", null, now.minusSeconds(30), "SMTP server smtp.internal:587 did not take the mail: timeout");
    catalog.notificationFailed("pager", "rpo-breached:billing:b7", "rpo-breached", "critical", "billing",
        now.minusSeconds(20), "the channel's URL answered 500: busy");
    catalog.notificationDelivered("pager", "rpo-breached:billing:b7");
    catalog.notificationFailed("hook", "backup-failed:billing:backup:billing/r0", "backup-failed", "critical",
        "billing", now.minus(Duration.ofDays(2)), "the channel's URL answered 404: not found");

    HttpResponse<String> response = RawHttp.get(APP.getLocalPort(), "/api/v1/notifications/failures");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode failures = JSON.readTree(response.body());
    assertThat(failures).hasSize(2);
    JsonNode mail = failures.get(0);
    assertThat(mail.get("channel").asText()).isEqualTo("ops-mail");
    assertThat(mail.get("event").asText()).isEqualTo("disk-space-low");
    assertThat(mail.get("severity").asText()).isEqualTo("warning");
    assertThat(mail.get("target").isNull()).isTrue();
    JsonNode slack = failures.get(1);
    assertThat(slack.get("channel").asText()).isEqualTo("oncall-slack");
    assertThat(slack.get("target").asText()).isEqualTo("orders");
    assertThat(slack.get("attempts").asInt()).isEqualTo(2);
    assertThat(slack.get("error").asText()).isEqualTo("the channel's URL could not be reached: Connection refused");
    assertThat(Instant.parse(slack.get("firstFailedAt").asText())).isBefore(Instant.parse(slack.get("lastFailedAt").asText()));
  }

  @Test
  void aLimitThatIsNoNumberIsRefusedInOneLine() throws Exception {
    HttpResponse<String> response = RawHttp.get(APP.getLocalPort(), "/api/v1/notifications/failures?limit=many");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("error").asText())
        .isEqualTo("limit must be a whole number from 1 to 1000, not 'many'");
  }
}
