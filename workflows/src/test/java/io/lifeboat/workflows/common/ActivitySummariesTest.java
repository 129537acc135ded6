package io.lifeboat.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActivitySummariesTest {
  record DumpRequest(String target, String credentials, String backupId, String schema) {}

  @Test
  void theStepsAnOperatorWatchesReadAsTheyWouldSayThem() {
    assertThat(ActivitySummaries.summary("restoreInto",
        new Object[] {"20261204T0943Z-dd3b68", "shop", "shop__lifeboat_restore"}))
        .isEqualTo("pg_restore 20261204T0943Z-dd3b68 into shop__lifeboat_restore");
    assertThat(ActivitySummaries.summary("checkIntegrity", new Object[] {"20261204T0943Z-dd3b68"}))
        .isEqualTo("checksum every object of 20261204T0943Z-dd3b68");
  }

  @Test
  void otherActivitiesAreNamedWithTheNamesAndIdsAmongTheirArguments() {
    assertThat(ActivitySummaries.summary("dumpToStorage",
        new Object[] {new DumpRequest("shop", "postgres://u:secret@db/shop", "b-1", null)}))
        .isEqualTo("dump to storage: shop, b-1");
    assertThat(ActivitySummaries.summary("sendTrafficBack", new Object[] {null})).isEqualTo("send traffic back");
    assertThat(ActivitySummaries.summary("locations", null)).isEqualTo("locations");
  }

  @Test
  void textThatIsNotANameOrAnIdNeverReachesASummary() {
    assertThat(ActivitySummaries.summary("migrate", new Object[] {"psql -c 'drop table x' password=hunter2"}))
        .isEqualTo("migrate");
    assertThat(ActivitySummaries.summary("targetKind", new Object[] {"postgres://u:secret@db/shop"}))
        .isEqualTo("target kind");
    assertThat(ActivitySummaries.summary("swapIn", new Object[] {"shop", "a b", "shop"}))
        .isEqualTo("swap … in as shop");
  }
}
