package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CatalogAuditTest {
  private static final Instant AT = Instant.parse("2026-01-31T03:00:00.000001Z");

  private Catalog catalog;

  @BeforeEach
  void freshCatalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    catalog = new Catalog(dataSource);
  }

  @Test
  void appendsEveryFieldAndListsNewestFirst() {
    AuditEntry start = catalog.appendAudit(new AuditEntry(null, AT, "alice", "start", "runbook:r:k/1", "r", null,
        null, AuditEntry.ACCEPTED, "params {}"));
    AuditEntry refused = catalog.appendAudit(new AuditEntry(null, AT.plusSeconds(5), "alice", "approve",
        "runbook:r:k/1", "r", "approval", "mine", "REFUSED", "four-eyes"));

    assertThat(refused.id()).isGreaterThan(start.id());
    assertThat(catalog.listAudit(null, 10)).containsExactly(refused, start);
  }

  @Test
  void listsTheEntriesOfOneRun() {
    catalog.appendAudit(new AuditEntry(null, AT, "bob", "abort", "runbook:a:1/x", "a", null, "why", "ACCEPTED", null));
    AuditEntry other = catalog.appendAudit(
        new AuditEntry(null, AT, "bob", "abort", "runbook:b:1/y", "b", null, "why", "ACCEPTED", null));
    catalog.appendAudit(new AuditEntry(null, AT, "val", "POST /api/v1/runbooks/b/runs", null, null, null, null,
        "FORBIDDEN", "needs role operator"));

    assertThat(catalog.listAudit("runbook:b:1/y", 10)).containsExactly(other);
    assertThat(catalog.listAudit(null, 2)).hasSize(2);
  }
}
