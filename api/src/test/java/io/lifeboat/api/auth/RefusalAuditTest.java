package io.lifeboat.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.api.auth.RefusalAudit.Refusal;
import io.lifeboat.api.auth.RefusalLimitTest.SteppedClock;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A flood of refused requests from one address leaves a bounded number of audit records in the
 * catalog (real PostgreSQL), then one record that says how many more there were.
 */
class RefusalAuditTest {
  private final EmbeddedPostgresFixture.Database database = EmbeddedPostgresFixture.newDatabase();
  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-12-04T23:40:00Z"));

  @Test
  void aFloodFromOneAddressIsRecordedTenTimesThenSummedUp() {
    Catalog.migrate(database.dataSource());
    Catalog catalog = new Catalog(database.dataSource());
    RefusalAudit refusals = new RefusalAudit(new AuditTrail(catalog, clock),
        new RefusalLimit<>(RefusalLimit.PER_MINUTE, clock));
    Refusal badToken = new Refusal("10.0.0.7", "unknown", RefusalAudit.UNAUTHORIZED, "a valid API token is needed");

    for (int i = 0; i < 250; i++) {
      refusals.refused(badToken, "GET /api/v1/targets");
    }
    refusals.refused(new Refusal("10.0.0.8", "unknown", RefusalAudit.UNAUTHORIZED, "a valid API token is needed"),
        "GET /api/v1/targets");
    refusals.refused(new Refusal("10.0.0.7", "vera", RefusalAudit.FORBIDDEN, "vera (viewer) may not POST /x"),
        "POST /x");

    assertThat(audit(catalog)).extracting(AuditEntry::detail).filteredOn(d -> d.contains("10.0.0.7"))
        .as("ten of the flood, and the other reason").hasSize(11);
    assertThat(audit(catalog)).extracting(AuditEntry::detail).contains("a valid API token is needed (from 10.0.0.8)");

    clock.advance(Duration.ofSeconds(30));
    refusals.flush();
    assertThat(audit(catalog)).as("the minute is not over").hasSize(12);

    clock.advance(Duration.ofSeconds(31));
    refusals.flush();
    refusals.flush();
    List<AuditEntry> summaries = audit(catalog).stream()
        .filter(e -> e.action().equals(RefusalAudit.REFUSALS)).toList();
    assertThat(summaries).singleElement().satisfies(summary -> {
      assertThat(summary.outcome()).isEqualTo(RefusalAudit.UNAUTHORIZED);
      assertThat(summary.principal()).isEqualTo("unknown");
      assertThat(summary.detail()).isEqualTo("... and 240 more refusals from 10.0.0.7 in the last minute"
          + " (from 2026-12-04T23:40:00Z): a valid API token is needed; counted, not recorded one by one");
    });

    refusals.refused(badToken, "GET /api/v1/targets");
    assertThat(audit(catalog)).as("a new minute: recorded again").hasSize(14);
  }

  private static List<AuditEntry> audit(Catalog catalog) {
    return catalog.listAudit(null, 10_000);
  }
}
