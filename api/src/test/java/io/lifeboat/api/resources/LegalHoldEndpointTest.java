package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.lifeboat.api.client.LifeboatApiException;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.testing.ApiFixture;
import io.lifeboat.api.testing.CatalogRows;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code PUT|DELETE /api/v1/backups/{id}/legal-hold}: the hold lands in the catalog (where
 * retention's refusal to delete it is tested), who and why in the audit trail; no reason, an
 * unknown backup and a deleted one are refused and change nothing.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LegalHoldEndpointTest {
  private static final EmbeddedPostgresFixture.Database CATALOG_DATABASE = EmbeddedPostgresFixture.newDatabase();
  private static final DropwizardAppExtension<LifeboatConfiguration> APP = ApiFixture.app(CATALOG_DATABASE);

  private final Catalog catalog = new Catalog(CATALOG_DATABASE.dataSource());

  @Test
  void holdsAndReleasesWithWhoAndWhyAudited() {
    CatalogRows.backup(catalog, "20260401T000000Z-aaaaaa", "orders", Instant.now().minusSeconds(60));
    LifeboatClient client = ApiFixture.client(APP);

    JsonNode held = client.legalHold("20260401T000000Z-aaaaaa", true, "case 2026-117");
    assertThat(held.path("held").asBoolean()).isTrue();
    assertThat(held.path("by").asText()).isEqualTo("test-operator");
    assertThat(catalog.findRetentionCandidate("20260401T000000Z-aaaaaa").orElseThrow().legalHold()).isTrue();

    client.legalHold("20260401T000000Z-aaaaaa", false, "case closed");
    assertThat(catalog.findRetentionCandidate("20260401T000000Z-aaaaaa").orElseThrow().legalHold()).isFalse();
    assertThat(catalog.listAudit(null, 10)).filteredOn(a -> a.action().startsWith("legal-hold"))
        .extracting(AuditEntry::principal, AuditEntry::action, AuditEntry::reason, AuditEntry::outcome)
        .startsWith(
            org.assertj.core.groups.Tuple.tuple("test-operator", "legal-hold-release", "case closed", "ACCEPTED"),
            org.assertj.core.groups.Tuple.tuple("test-operator", "legal-hold", "case 2026-117", "ACCEPTED"));
  }

  @Test
  void noReasonAnUnknownBackupAndADeletedBackupAreRefused() {
    CatalogRows.backup(catalog, "20260402T000000Z-bbbbbb", "orders", Instant.now().minusSeconds(60));
    CatalogRows.backup(catalog, "20260403T000000Z-cccccc", "orders", Instant.now().minusSeconds(30));
    catalog.markDeleting("20260403T000000Z-cccccc", Instant.now());
    LifeboatClient client = ApiFixture.client(APP);

    assertThatThrownBy(() -> client.legalHold("20260402T000000Z-bbbbbb", true, " "))
        .isInstanceOfSatisfying(LifeboatApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.error()).contains("needs a reason");
        });
    assertThatThrownBy(() -> client.legalHold("20260402T000000Z-nothere", true, "case"))
        .isInstanceOfSatisfying(LifeboatApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThatThrownBy(() -> client.legalHold("20260403T000000Z-cccccc", true, "case"))
        .isInstanceOfSatisfying(LifeboatApiException.class, e -> {
          assertThat(e.status()).isEqualTo(409);
          assertThat(e.error()).contains("DELETING");
        });
    assertThat(catalog.findRetentionCandidate("20260402T000000Z-bbbbbb").orElseThrow().legalHold()).isFalse();
    assertThat(catalog.findRetentionCandidate("20260403T000000Z-cccccc").orElseThrow().legalHold()).isFalse();
  }
}
