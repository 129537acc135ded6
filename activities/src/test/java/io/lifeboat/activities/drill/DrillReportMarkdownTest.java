package io.lifeboat.activities.drill;

import static io.lifeboat.activities.drill.DrillReportSamples.CORRUPTED_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DrillReportMarkdownTest {

  @Test
  void aPassedDrillShowsItsVerdictObjectivesTargetsStepsChecksAndTeardown() {
    String md = DrillReportMarkdown.render(DrillReportSamples.passed());

    assertThat(md).startsWith("# Drill drill-20260301-020000-orders-failover: runbook orders-failover — PASSED\n\n"
        + "**✔ passed: RTO 2m 8s of 2h, RPO 3m 5s of 1h**\n\n"
        + "Started by alice (“quarterly drill (Q1)”) at 2026-03-01T02:00:00Z, ended at 2026-03-01T02:02:12Z (took 2m 12s).");
    assertThat(md).contains("| Objective | Target | Achieved | Met |\n| --- | --- | --- | --- |\n"
        + "| RTO (drill start → last health check passed) | 2h | 2m 8s | ✔ yes |\n"
        + "| RPO (drill start − oldest recovery point restored) | 1h | 3m 5s | ✔ yes |\n");
    assertThat(md).contains("| orders-db | `orders-db-20260301T015655Z` | 2026-03-01T01:56:55Z | 3m 5s | 1h | ✔ yes "
        + "| 1m 45s | 2h | ✔ yes |\n");
    assertThat(md).contains("| sessions | `sessions-20260301T015800Z` | 2026-03-01T01:58:00Z | 2m | 15m | ✔ yes | 22s "
        + "| 30m | ✔ yes |\n");
    // A cell keeps to one line: the detail's pipe is escaped and its line break folded.
    assertThat(md).contains("| +10s | 1m 35s | orders-db / restore | restore | done | 2 | "
        + "pg_restore into drill/drill-20260301-020000-orders-failover/postgres: 14 tables \\| 2 schemas roles and "
        + "settings restored |\n");
    assertThat(md).contains("| +0s | 120ms | stop-writers | stopServices | recorded | 1 | would stop orders-api");
    assertThat(md).contains("| +2m 5s | 300ms | smoke-test | shell | done | 1 | smoke test printed "
        + "\\<script>alert('drill')\\</script> & exited 0 |\n");
    assertThat(md).contains("| ✔ | restore | row counts | 14 tables, 1,204,332 rows: equal to the backup's counts |\n");
    assertThat(md).contains("- PostgreSQL on 127.0.0.1:41234 (data in /var/lib/lifeboat/drills/");
    assertThat(md).contains("Torn down: stopped PostgreSQL on 127.0.0.1:41234 and Redis");
    assertThat(md).doesNotContain("## Failure");
    assertThat(md.lines().filter(line -> line.startsWith("| +"))).hasSize(8);
  }

  @Test
  void aFailedDrillSaysWhichObjectWasCorruptedAndWhatWasNotMeasured() {
    String md = DrillReportMarkdown.render(DrillReportSamples.failed());

    assertThat(md).startsWith("# Drill drill-20260302-031500-billing-db: target billing-db — FAILED\n\n**✘ failed: ");
    assertThat(md).contains("| RTO (drill start → last health check passed) | 30m | — | not measured |\n");
    assertThat(md).contains("| +8s | 31s | billing-db / restore | restore | **failed** | 3 | error: the object "
        + CORRUPTED_KEY + " does not match");
    assertThat(md).contains("| — | — | billing-db / check | compare | skipped | 0 | not run: the restore failed |");
    assertThat(md).contains("## Checks\n\nNo check ran.\n");
    assertThat(md).contains("## Failure\n\n> restore of billing-db failed after 3 attempts:\n> the object "
        + CORRUPTED_KEY);
  }

  @Test
  void aKeptEnvironmentSaysHowToRemoveIt() {
    var passed = DrillReportSamples.passed();
    var kept = new io.lifeboat.workflows.drill.DrillReport(passed.drillId(), passed.subject(), false,
        passed.startedBy(), null, passed.startedAt(), passed.endedAt(), true, passed.verdict(),
        passed.rtoObjectiveMillis(), passed.rpoObjectiveMillis(), passed.achievedRtoMillis(),
        passed.achievedRpoMillis(), true, true, passed.steps(), passed.targets(), passed.checks(), passed.scratch(),
        true, "kept running: remove it with `lifeboat drill teardown " + passed.drillId() + "`", null);

    String md = DrillReportMarkdown.render(kept);

    assertThat(md).contains("Started by alice at 2026-03-01T02:00:00Z");
    assertThat(md).contains("**Kept for inspection.** kept running: remove it with `lifeboat drill teardown "
        + passed.drillId() + "`");
  }

  @Test
  void durationsReadAsPeopleSayThem() {
    assertThat(DrillDurations.human(42_000L)).isEqualTo("42s");
    assertThat(DrillDurations.human(185_000L)).isEqualTo("3m 5s");
    assertThat(DrillDurations.human(7_200_000L)).isEqualTo("2h");
    assertThat(DrillDurations.human(850L)).isEqualTo("850ms");
    assertThat(DrillDurations.human(1_499L)).isEqualTo("1s");
    assertThat(DrillDurations.human(93_784_000L)).isEqualTo("1d 2h 3m 4s");
    assertThat(DrillDurations.human(null)).isEqualTo("—");
  }
}
