package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import org.junit.jupiter.api.Test;

/** How often each target is to be drilled, and when it is never overdue. */
class DrillsConfigTest {
  @Test
  void drillsAreOffUntilEnabledThenQuarterlyUnlessATargetSaysOtherwise() {
    DrillsConfig drills = new DrillsConfig();
    PostgresTargetConfig orders = new PostgresTargetConfig();
    assertThat(drills.intervalOf(orders)).as("drills not enabled: never overdue").isNull();
    assertThat(drills.getApprovals()).isEqualTo(DrillsConfig.Approvals.AUTO);
    assertThat(drills.getHistory()).isEqualTo(10);

    drills.setEnabled(true);
    assertThat(drills.intervalOf(orders)).isEqualTo(java.time.Duration.ofDays(90));

    DrillsConfig.TargetDrill own = new DrillsConfig.TargetDrill();
    own.setEvery(Duration.days(30));
    orders.setDrill(own);
    assertThat(drills.intervalOf(orders)).isEqualTo(java.time.Duration.ofDays(30));

    own.setEnabled(false);
    assertThat(drills.intervalOf(orders)).as("opted out").isNull();
    assertThat(drills.intervalOf(new PostgresClusterTargetConfig())).as("clusters are not drilled").isNull();
  }
}
