package io.lifeboat.activities.drill;

import io.lifeboat.workflows.drill.DrillReport;
import io.lifeboat.workflows.drill.DrillReport.Check;
import io.lifeboat.workflows.drill.DrillReport.Step;
import io.lifeboat.workflows.drill.DrillReport.Target;
import java.time.Instant;
import java.util.List;

/** Two drills as an operator would see them: a runbook's that passed, and a target's whose restore failed. */
final class DrillReportSamples {
  static final String PASSED_ID = "drill-20260301-020000-orders-failover";
  static final String FAILED_ID = "drill-20260302-031500-billing-db";
  static final Instant PASSED_AT = Instant.parse("2026-03-01T02:00:00Z");
  static final Instant FAILED_AT = Instant.parse("2026-03-02T03:15:00Z");

  /** A step's output holding markup: it must show as text, never run. */
  static final String SCRIPT_DETAIL = "smoke test printed <script>alert('drill')</script> & exited 0";
  static final String CORRUPTED_KEY =
      "site-a/billing-db/postgres/billing-db-20260302T030000Z/part-00003.zst.pgp";
  static final String RESTORE_ERROR = "the object " + CORRUPTED_KEY + " does not match its manifest's SHA-256 "
      + "(expected 9f2c41d0…, got 41ab7e22…): it is corrupted; restore an earlier backup or its off-site copy";

  static DrillReport passed() {
    String pg = "/var/lib/lifeboat/drills/" + PASSED_ID + "/postgres";
    return new DrillReport(PASSED_ID, "orders-failover", false, "alice", "quarterly drill (Q1)",
        PASSED_AT, PASSED_AT.plusSeconds(132), true, "passed: RTO 2m 8s of 2h, RPO 3m 5s of 1h",
        7_200_000L, 3_600_000L, 127_500L, 185_000L, true, true,
        List.of(
            step(PASSED_AT, "stop-writers", null, "stopServices", "recorded", 0, 120, 1,
                "would stop orders-api (systemd): recorded, not done in a drill", null),
            step(PASSED_AT, "fetch", "orders-db", "fetch", "done", 1_200, 8_400, 1,
                "3 objects, 412 MiB, every SHA-256 checked", null),
            step(PASSED_AT, "restore", "orders-db", "restore", "done", 9_700, 95_000, 2,
                "pg_restore into drill/" + PASSED_ID + "/postgres: 14 tables | 2 schemas\nroles and settings restored",
                null),
            step(PASSED_AT, "restore-sessions", null, "restore", "done", 9_800, 12_000, 1,
                "48,211 keys into drill/" + PASSED_ID + "/redis", null),
            step(PASSED_AT, "migrate", null, "migrate", "done", 105_000, 20_000, 1, "flyway: 3 migrations applied", null),
            step(PASSED_AT, "smoke-test", null, "shell", "done", 125_100, 300, 1, SCRIPT_DETAIL, null),
            step(PASSED_AT, "health", null, "healthCheck", "done", 125_400, 2_100, 1,
                "GET http://127.0.0.1:41235/healthz answered 200", null),
            step(PASSED_AT, "redirect-traffic", null, "redirectTraffic", "recorded", 127_600, 50, 1,
                "would send orders traffic to the restored primary: recorded, not done in a drill", null)),
        List.of(
            new Target("orders-db", "orders-db-20260301T015655Z", Instant.parse("2026-03-01T01:56:55Z"), 185_000L,
                3_600_000L, true, 104_700L, 7_200_000L, true),
            new Target("sessions", "sessions-20260301T015800Z", Instant.parse("2026-03-01T01:58:00Z"), 120_000L,
                900_000L, true, 21_800L, 1_800_000L, true)),
        List.of(
            new Check("restore", "row counts", true, "14 tables, 1,204,332 rows: equal to the backup's counts"),
            new Check("restore-sessions", "sampled keys", true, "200 of 200 sampled keys equal"),
            new Check("health", "health check", true, "answered 200 in 84ms")),
        List.of("PostgreSQL on 127.0.0.1:41234 (data in " + pg + ")",
            "Redis on 127.0.0.1:41236 (data in /var/lib/lifeboat/drills/" + PASSED_ID + "/redis)"),
        false,
        "stopped PostgreSQL on 127.0.0.1:41234 and Redis on 127.0.0.1:41236, removed /var/lib/lifeboat/drills/"
            + PASSED_ID + " (1.3 GiB)",
        null);
  }

  static DrillReport failed() {
    return new DrillReport(FAILED_ID, "billing-db", true, "schedule:drill-billing-db", "scheduled drill",
        FAILED_AT, FAILED_AT.plusSeconds(41), false,
        "failed: the restore of billing-db failed: " + RESTORE_ERROR,
        1_800_000L, 900_000L, null, null, null, null,
        List.of(
            step(FAILED_AT, "fetch", "billing-db", "fetch", "done", 300, 6_200, 1, "4 objects, 96 MiB", null),
            step(FAILED_AT, "checksum", "billing-db", "checksum", "done", 6_600, 1_100, 1, "manifest signature checked", null),
            step(FAILED_AT, "restore", "billing-db", "restore", "failed", 7_800, 31_000, 3, null, RESTORE_ERROR),
            step(FAILED_AT, "check", "billing-db", "compare", "skipped", null, null, 0, "not run: the restore failed", null)),
        List.of(new Target("billing-db", "billing-db-20260302T030000Z", Instant.parse("2026-03-02T03:00:00Z"),
            null, 900_000L, null, null, 1_800_000L, null)),
        List.of(),
        List.of("PostgreSQL on 127.0.0.1:41301 (data in /var/lib/lifeboat/drills/" + FAILED_ID + "/postgres)"),
        false,
        "stopped PostgreSQL on 127.0.0.1:41301, removed /var/lib/lifeboat/drills/" + FAILED_ID,
        "restore of billing-db failed after 3 attempts:\n" + RESTORE_ERROR);
  }

  private static Step step(Instant drillStart, String name, String group, String type, String state, Integer offset, Integer duration,
      int attempts, String detail, String error) {
    Instant start = offset == null ? null : drillStart.plusMillis(offset);
    return new Step(name, group, type, state, start,
        start == null || duration == null ? null : start.plusMillis(duration),
        offset == null ? null : offset.longValue(), duration == null ? null : duration.longValue(), attempts, detail,
        error);
  }

  private DrillReportSamples() {}
}
