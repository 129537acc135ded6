package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.health.StorageHealthCheck;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.CatalogRows;
import io.lifeboat.api.testing.RawHttp;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What operators and their tools read: target freshness, Prometheus metrics, health checks
 * (with a storage probe added the way the worker adds its own) and the OpenAPI document.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class OperationsEndpointsTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP =
      ApiFixture.app(ApiWithStorageProbe.class, CATALOG);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The API as the worker extends it: here with a storage probe that always answers. */
  public static final class ApiWithStorageProbe extends LifeboatApplication {
    public ApiWithStorageProbe() {
      super((configuration, environment) -> environment.healthChecks().register(StorageHealthCheck.NAME,
          new StorageHealthCheck(() -> "bucket " + configuration.getStorage().getBucket() + " answers")));
    }
  }

  @BeforeAll
  static void indexBackupsOfOrders() {
    Catalog catalog = new Catalog(CATALOG.dataSource());
    Instant halfAnHourAgo = Instant.now().minusSeconds(1800);
    CatalogRows.backup(catalog, "20260101T000000Z-111111", "orders", halfAnHourAgo.minusSeconds(3600));
    catalog.markVerified("20260101T000000Z-111111", Instant.now());
    CatalogRows.backup(catalog, "20260101T010000Z-222222", "orders", halfAnHourAgo);
  }

  @Test
  void targetsShowTheirNewestBackupsAndWhetherTheRpoIsBreached() {
    JsonNode targets = ApiFixture.client(APP).targets();

    assertThat(targets.findValuesAsText("name")).containsExactly("orders", "billing");
    JsonNode orders = targets.get(0);
    assertThat(orders.path("kind").asText()).isEqualTo("postgres");
    assertThat(orders.path("objectives").path("rpo").asText()).isEqualTo("PT1H");
    assertThat(orders.path("objectives").path("rto").asText()).isEqualTo("PT4H");
    assertThat(orders.path("newestBackup").path("backupId").asText()).isEqualTo("20260101T010000Z-222222");
    assertThat(orders.path("newestBackup").path("ageSeconds").asLong()).isCloseTo(1800, within(60L));
    assertThat(orders.path("newestVerifiedBackup").path("backupId").asText()).isEqualTo("20260101T000000Z-111111");
    assertThat(orders.path("rpoBreached").asBoolean()).isFalse();

    JsonNode billing = targets.get(1);
    assertThat(billing.path("newestBackup").isNull()).isTrue();
    assertThat(billing.path("rpoBreached").asBoolean()).isTrue();
  }

  @Test
  void aRestoreStartIsAuditedWithWhatItRestoresWhereAndWhetherItReplaces() {
    HttpResponse<String> started = RawHttp.postJson(APP.getLocalPort(), "/api/v1/restores",
        "{\"target\": \"orders\", \"backup\": \"20260101T000000Z-111111\", \"into\": \"orders_copy\","
            + " \"replace\": true}");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);

    assertThat(ApiFixture.client(APP).audit(null, 20)).anySatisfy(event -> assertThat(event.path("detail").asText())
        .isEqualTo("Restore orders ← 20260101T000000Z-111111 into orders_copy (replacing it)"));
  }

  @Test
  void backupsAreListedNewestFirstAndReadOneByOne() {
    JsonNode backups = ApiFixture.client(APP).backups("orders", 10);

    assertThat(backups.findValuesAsText("backupId"))
        .containsExactly("20260101T010000Z-222222", "20260101T000000Z-111111");
    JsonNode one = ApiFixture.client(APP).backup("20260101T000000Z-111111");
    assertThat(one.path("target").asText()).isEqualTo("orders");
    assertThat(one.path("verifiedAt").isTextual()).isTrue();
    assertThat(ApiFixture.client(APP).backups("billing", 10)).isEmpty();
  }

  @Test
  void metricsExposeBackupAgesPerTargetInPrometheusText() {
    HttpResponse<String> metrics = RawHttp.get(APP.getLocalPort(), "/metrics");

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
    assertThat(gauge(metrics.body(), "lifeboat_backup_newest_age_seconds", "orders")).isCloseTo(1800, within(60.0));
    assertThat(gauge(metrics.body(), "lifeboat_backup_newest_verified_age_seconds", "orders"))
        .isCloseTo(5400, within(60.0));
    assertThat(gauge(metrics.body(), "lifeboat_backup_newest_age_seconds", "billing")).isNaN();
  }

  @Test
  void healthChecksCoverTemporalCatalogAndTheWorkersStorageProbe() throws Exception {
    HttpResponse<String> response = RawHttp.get(APP.getAdminPort(), "/healthcheck");
    JsonNode health = JSON.readTree(response.body());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(health.path("temporal").path("healthy").asBoolean()).isTrue();
    assertThat(health.path("temporal").path("message").asText()).startsWith("namespace default at 127.0.0.1:");
    assertThat(health.path("catalog").path("healthy").asBoolean()).isTrue();
    assertThat(health.path("storage").path("message").asText()).isEqualTo("bucket lifeboat-test answers");
  }

  @Test
  void theOpenApiDocumentIsServed() {
    HttpResponse<String> response = RawHttp.get(APP.getLocalPort(), "/api/v1/openapi.yaml");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("openapi: 3.0");
  }

  private static double gauge(String scrape, String name, String target) {
    Matcher line = Pattern.compile("(?m)^" + name + "\\{target=\"" + target + "\"} (\\S+)$").matcher(scrape);
    assertThat(line.find()).as("%s{target=%s} in:%n%s", name, target, scrape).isTrue();
    return Double.parseDouble(line.group(1));
  }
}
