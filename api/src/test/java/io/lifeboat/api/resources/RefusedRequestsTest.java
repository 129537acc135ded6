package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.client.LifeboatApiException;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.CatalogRows;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.api.testing.RawHttp;
import io.lifeboat.api.wire.StartBackup;
import io.lifeboat.api.wire.StartRestore;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.temporal.client.WorkflowNotFoundException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every malformed or impossible request is refused with a JSON error naming the field, and
 * nothing is started: no workflow exists in Temporal under the id it would have had, and the
 * runs-started counter never appears.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class RefusedRequestsTest {
  private static final EmbeddedPostgresFixture.Database CATALOG = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = ApiFixture.app(CATALOG);
  private static final String ORDERS_BACKUP = "20260101T000000Z-aaaaaa";

  private LifeboatClient client;

  @BeforeAll
  static void indexOneBackupOfOrders() {
    // billing has none: "latest" of billing has nothing to restore
    CatalogRows.backup(new Catalog(CATALOG.dataSource()), ORDERS_BACKUP, "orders", Instant.now().minusSeconds(600));
  }

  @AfterEach
  void nothingWasStarted() {
    assertThat(RawHttp.get(APP.getLocalPort(), "/metrics").body()).doesNotContain("lifeboat_runs_started_total");
  }

  @BeforeEach
  void connect() {
    client = ApiFixture.client(APP);
  }

  @Test
  void backupOfAnUnknownTargetIsNotFoundAndListsTheDeclaredOnes() {
    LifeboatApiException refused = refusal(() -> client.startBackup("inventory", "typo"));

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.field()).isEqualTo("target");
    assertThat(refused.error()).isEqualTo("unknown target 'inventory'");
    assertThat(refused.hint()).isEqualTo("declared targets: billing, orders");
    assertNoWorkflow("backup:inventory");
  }

  @Test
  void tenantBackupsNeedASchemaNameOrAPatternAndASaneConcurrency() {
    LifeboatApiException badName = refusal(() -> client.startTenantBackup("orders",
        new StartBackup("tenant", "tenant a; drop schema", null, null)));
    LifeboatApiException both = refusal(() -> client.startTenantBackup("orders",
        new StartBackup("tenant", "tenant_a", "tenant_*", null)));
    LifeboatApiException badPattern = refusal(() -> client.startTenantBackup("orders",
        new StartBackup("tenants", null, "tenant_%", null)));
    LifeboatApiException tooMany = refusal(() -> client.startTenantBackup("orders",
        new StartBackup("tenants", null, "tenant_*", 0)));

    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.field()).isEqualTo("schema");
    assertThat(badName.error()).isEqualTo("'tenant a; drop schema' is not a schema name");
    assertThat(both.field()).isEqualTo("schemas");
    assertThat(both.error()).isEqualTo("give schema or schemas, not both");
    assertThat(badPattern.field()).isEqualTo("schemas");
    assertThat(badPattern.hint()).contains("'*' for any characters");
    assertThat(tooMany.field()).isEqualTo("concurrency");
    assertThat(tooMany.hint()).isEqualTo("run 1 to 16 tenant backups at a time (default 2)");
    assertNoWorkflow("backup:orders:tenant_a");
    assertNoWorkflow("backup:orders:tenants:tenant_*");
  }

  @Test
  void aTenantRestoreNeedsATenantBackup() {
    LifeboatApiException noBackup = refusal(() -> client.startRestore(
        new StartRestore("orders", "latest", null, null, null, "tenant_a")));
    LifeboatApiException wholeDatabaseBackup = refusal(() -> client.startRestore(
        new StartRestore("orders", ORDERS_BACKUP, null, null, null, "tenant_a")));

    assertThat(noBackup.status()).isEqualTo(404);
    assertThat(noBackup.error()).isEqualTo("schema 'tenant_a' of target 'orders' has no completed backup");
    assertThat(wholeDatabaseBackup.status()).isEqualTo(400);
    assertThat(wholeDatabaseBackup.error())
        .isEqualTo("backup '" + ORDERS_BACKUP + "' is not a backup of schema 'tenant_a' of target 'orders'");
    assertNoWorkflow("restore:orders:schema:tenant_a");
  }

  @Test
  void restoreIntoAnUnknownTargetIsNotFound() {
    LifeboatApiException refused =
        refusal(() -> client.startRestore(new StartRestore("inventory", "latest", "inventory", null, null)));

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.field()).isEqualTo("target");
    assertNoWorkflow("restore:inventory:inventory");
  }

  @Test
  void restoreIntoAnInvalidDatabaseNameIsABadRequest() {
    for (String database : new String[] {"orders; DROP DATABASE orders", "1orders", "a".repeat(64), "orders-copy"}) {
      LifeboatApiException refused =
          refusal(() -> client.startRestore(new StartRestore("orders", "latest", database, null, null)));

      assertThat(refused.status()).as(database).isEqualTo(400);
      assertThat(refused.field()).isEqualTo("database");
      assertThat(refused.hint()).contains("^[A-Za-z_][A-Za-z0-9_]{0,62}$");
      assertNoWorkflow("restore:orders:" + database);
    }
  }

  @Test
  void restoreWithAMalformedIncidentTimeIsABadRequest() {
    LifeboatApiException refused = refusal(() -> client.startRestore(
        new StartRestore("orders", "latest", "orders_copy", null, "yesterday 3am")));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("incidentAt");
    assertThat(refused.error()).isEqualTo("'yesterday 3am' is not an instant");
    assertThat(refused.hint()).contains("2024-05-01T03:15:00Z");
    assertNoWorkflow("restore:orders:orders_copy");
  }

  @Test
  void restoreWithAnIncidentInTheFutureIsABadRequest() {
    String tomorrow = Instant.now().plus(Duration.ofDays(1)).toString();

    LifeboatApiException refused = refusal(() -> client.startRestore(
        new StartRestore("orders", "latest", "orders_copy", null, tomorrow)));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("incidentAt");
    assertThat(refused.error()).contains("is in the future");
  }

  @Test
  void restoreBeforeAMalformedInstantIsABadRequest() {
    LifeboatApiException refused = refusal(() -> client.startRestore(
        new StartRestore("orders", "before:last tuesday", "orders_copy", null, null)));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("backup");
    assertThat(refused.error()).isEqualTo("'last tuesday' is not an instant");
  }

  @Test
  void restoreWithoutARequiredFieldNamesIt() {
    assertThat(refusal(() -> client.startRestore(new StartRestore("orders", null, null, null, null))))
        .returns(400, LifeboatApiException::status)
        .returns("backup", LifeboatApiException::field)
        .returns("backup is required", LifeboatApiException::error);
    assertThat(refusal(() -> client.startRestore(new StartRestore("orders", " ", "orders_copy", null, null))))
        .returns(400, LifeboatApiException::status)
        .returns("backup", LifeboatApiException::field);
    assertThat(refusal(() -> client.startRestore(new StartRestore(null, "latest", "orders_copy", null, null))))
        .returns(400, LifeboatApiException::status)
        .returns("target", LifeboatApiException::field);
  }

  @Test
  void restoreWithoutABodyIsABadRequest() {
    HttpResponse<String> response = RawHttp.postJson(APP.getLocalPort(), "/api/v1/restores", "");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"error\":\"request body is required\"");
  }

  @Test
  void restoreOfABackupNobodyTookIsNotFound() {
    LifeboatApiException refused = refusal(() -> client.startRestore(
        new StartRestore("orders", "20200101T000000Z-ffffff", "orders_copy", null, null)));

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.field()).isEqualTo("backup");
    assertThat(refused.hint()).contains("catalog rebuild");
  }

  @Test
  void restoreOfTheLatestBackupOfATargetWithoutBackupsIsNotFound() {
    LifeboatApiException refused =
        refusal(() -> client.startRestore(new StartRestore("billing", "latest", "billing", null, null)));

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.error()).isEqualTo("target 'billing' has no completed backup");
    assertNoWorkflow("restore:billing:billing");
  }

  @Test
  void restoreOfABackupBeforeTheFirstOneIsNotFound() {
    LifeboatApiException refused = refusal(() -> client.startRestore(
        new StartRestore("orders", "before:2020-01-01T00:00:00Z", "orders_copy", null, null)));

    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.field()).isEqualTo("backup");
  }

  @Test
  void restoreOfAnotherTargetsBackupIsABadRequest() {
    LifeboatApiException refused = refusal(() -> client.startRestore(
        new StartRestore("billing", ORDERS_BACKUP, "billing", null, null)));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("backup");
    assertThat(refused.error()).isEqualTo("backup '" + ORDERS_BACKUP + "' is of target 'orders', not 'billing'");
  }

  @Test
  void aFieldOfTheWrongTypeIsNamed() {
    HttpResponse<String> response = RawHttp.postJson(APP.getLocalPort(), "/api/v1/restores",
        "{\"target\":\"orders\",\"backup\":\"latest\",\"database\":\"orders_copy\",\"replace\":\"maybe\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"field\":\"replace\"");
    assertNoWorkflow("restore:orders:orders_copy");
  }

  @Test
  void aMisspelledFieldIsNamed() {
    HttpResponse<String> response = RawHttp.postJson(APP.getLocalPort(), "/api/v1/restores",
        "{\"target\":\"orders\",\"backup\":\"latest\",\"databse\":\"orders_copy\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"error\":\"unknown field 'databse'\"").contains("database");
  }

  @Test
  void aBodyThatIsNotJsonIsABadRequest() {
    HttpResponse<String> response = RawHttp.postJson(APP.getLocalPort(), "/api/v1/restores", "{target: orders");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("request body is not valid JSON");
  }

  @Test
  void anUnknownBackupIsNotFound() {
    assertThat(refusal(() -> client.backup("20200101T000000Z-ffffff")))
        .returns(404, LifeboatApiException::status)
        .returns("backupId", LifeboatApiException::field);
  }

  @Test
  void verificationOfAnUnknownBackupIsNotFound() {
    assertThat(refusal(() -> client.startVerification("20200101T000000Z-ffffff", true)))
        .returns(404, LifeboatApiException::status);
    assertNoWorkflow("verify:20200101T000000Z-ffffff");
  }

  @Test
  void aLimitOutOfRangeIsABadRequest() {
    assertThat(refusal(() -> client.backups(null, 0))).returns("limit", LifeboatApiException::field);
    assertThat(refusal(() -> client.runs(100_000))).returns("limit", LifeboatApiException::field);
    assertThat(RawHttp.get(APP.getLocalPort(), "/api/v1/runs?limit=ten").statusCode()).isEqualTo(400);
  }

  @Test
  void refusalsAreCounted() {
    refusal(() -> client.startBackup("inventory", null));

    assertThat(RawHttp.get(APP.getLocalPort(), "/metrics").body())
        .containsPattern("lifeboat_requests_rejected_total\\{status=\"404\"} [1-9]");
  }

  private static LifeboatApiException refusal(ThrowingCallable call) {
    return assertThatThrownBy(call)
        .asInstanceOf(type(LifeboatApiException.class))
        .actual();
  }

  private static void assertNoWorkflow(String workflowId) {
    assertThatThrownBy(() -> FakeWorker.get().client().newUntypedWorkflowStub(workflowId).describe())
        .isInstanceOf(WorkflowNotFoundException.class);
  }
}
