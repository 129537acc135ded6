package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.api.auth.AuditTrail;
import io.lifeboat.api.auth.Caller;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.temporal.DecisionSignals;
import io.lifeboat.api.wire.RunbookSignal;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.ApiTokenConfig;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A decision on a restore is refused, and audited as refused, before anything reaches Temporal
 * when the token is limited to other targets, the run id is no restore's, or no reason is given
 * (no Temporal client here: none is asked; the accepted path runs end to end in the tests module).
 */
class RestoreDecisionsTest {
  private final Catalog catalog = migrated();
  private final RestoreDecisions decisions = new RestoreDecisions(new DecisionSignals(null),
      new AuditTrail(catalog, Clock.systemUTC()));
  private final Caller ledgerApprover =
      new Caller("lena", Set.of(ApiTokenConfig.APPROVER), true, Set.of("ledger"));

  private static Catalog migrated() {
    EmbeddedPostgresFixture.Database database = EmbeddedPostgresFixture.newDatabase();
    Catalog.migrate(database.dataSource());
    return new Catalog(database.dataSource());
  }

  @Test
  void aTokenLimitedToOtherTargetsCannotDecideARestoreOfThisOne() {
    String runId = "restore:payroll:payroll/4b1e";

    assertThatThrownBy(() -> decisions.decide(runId, "approve", new RunbookSignal("fine", null), ledgerApprover))
        .isInstanceOfSatisfying(ApiProblem.class, refused -> {
          assertThat(refused.status().getStatusCode()).isEqualTo(403);
          assertThat(refused.body().error()).isEqualTo("lena may act only on ledger, not on target 'payroll'");
        });
    assertThat(catalog.listAudit(runId, 10)).singleElement().satisfies(entry -> {
      assertThat(entry.principal()).isEqualTo("lena");
      assertThat(entry.action()).isEqualTo("approve");
      assertThat(entry.step()).isEqualTo("approval");
      assertThat(entry.outcome()).isEqualTo("REFUSED");
    });
  }

  @Test
  void aDecisionWithoutAReasonOrOnAnotherKindOfRunIsRefusedNamingTheField() {
    assertThatThrownBy(() -> decisions.decide("restore:ledger:ledger/4b1e", "reject", new RunbookSignal(" ", null),
        ledgerApprover)).isInstanceOfSatisfying(ApiProblem.class, refused -> {
          assertThat(refused.status().getStatusCode()).isEqualTo(400);
          assertThat(refused.body().field()).isEqualTo("reason");
        });
    for (String runId : new String[] {"backup:ledger/4b1e", "restore:ledger:ledger", "restore:ledger:ledger/",
        "restore:/x"}) {
      assertThatThrownBy(() -> decisions.decide(runId, "approve", new RunbookSignal("fine", null), ledgerApprover))
          .as(runId).isInstanceOfSatisfying(ApiProblem.class, refused -> {
            assertThat(refused.status().getStatusCode()).isEqualTo(400);
            assertThat(refused.body().error()).isEqualTo("'" + runId + "' is not a restore's run id");
          });
    }
    assertThat(catalog.listAudit(null, 100)).extracting(AuditEntry::outcome).containsOnly("REFUSED").hasSize(5);
  }
}
