package io.lifeboat.workflows.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.workflows.backup.HookActivities;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import org.junit.jupiter.api.Test;

class ActivitySummariesTest {
  record DumpRequest(String target, String credentials, String backupId, String schema) {}

  @Test
  void theStepsAnOperatorWatchesReadAsTheyWouldSayThem() {
    assertThat(ActivitySummaries.summary("restoreStaged", new Object[] {"20261204T0943Z-dd3b68",
        new Destination(new TargetRef("shop", "tenant_a"), null), "run-1"}))
        .isEqualTo("restore 20261204T0943Z-dd3b68 beside schema tenant_a of shop");
    assertThat(ActivitySummaries.summary("commit", new Object[] {"20261204T0943Z-dd3b68",
        new Destination(TargetRef.of("uploads"), "/srv/restored"), new Staged("/srv/.restored.staging", "…"), "r"}))
        .isEqualTo("swap /srv/.restored.staging in as uploads at /srv/restored");
    assertThat(ActivitySummaries.summary("restoreStaged", new Object[] {"20261204T0943Z-dd3b68",
        new Destination(TargetRef.of("shop"), "shop", "db2.dr.example:5432", false, false), "run-1"}))
        .isEqualTo("restore 20261204T0943Z-dd3b68 beside shop at shop on db2.dr.example:5432");
    assertThat(ActivitySummaries.summary("inspect", new Object[] {
        new Destination(TargetRef.of("shop"), null, "[fd00::7]:", false, false)}))
        .isEqualTo("inspect shop on [fd00::7]:");
    assertThat(ActivitySummaries.summary("checkIntegrity", new Object[] {"20261204T0943Z-dd3b68"}))
        .isEqualTo("checksum every object of 20261204T0943Z-dd3b68");
    assertThat(ActivitySummaries.summary("runHook", new Object[] {"shop", HookActivities.When.BEFORE}))
        .isEqualTo("run the before hook of shop");
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
    assertThat(ActivitySummaries.summary("inspect",
        new Object[] {new Destination(TargetRef.of("shop"), "host=evil.example dbname=x")}))
        .isEqualTo("inspect shop at …");
  }
}
