package io.lifeboat.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.worker.cli.ScriptedApi.Answer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lifeboat drill run|report}, {@code lifeboat drills} and the drill lines of {@code lifeboat
 * status}, against {@link ScriptedApi}, a real HTTP server that records what it was asked: the
 * drill's run is scripted to pass or fail, which no real drill could be made to do on demand here.
 */
class DrillCommandTest {
  private static final String DRILL_ID = "drill-20261204-203000-orders";
  private static final String RUN_ID = DRILL_ID + "/5f1c2d7e";
  private static final String STARTED = """
      {"workflowId":"%s","runId":"%s","type":"DRILL","target":"orders","statusUrl":"/api/v1/runs/%s"}
      """.formatted(DRILL_ID, RUN_ID, RUN_ID);
  private static final String NAMES = "[{\"name\":\"full-system-restore\"},{\"name\":\"orders\"}]";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final StringWriter err = new StringWriter();
  private PrintStream stdout;
  private ScriptedApi api;

  @BeforeEach
  void captureOutput() {
    stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(stdout);
    if (api != null) {
      api.close();
    }
  }

  @Test
  void aNameOfBothARunbookAndATargetIsRefusedWithTheFlagsToSayWhichAndNothingStarts() throws Exception {
    api = ScriptedApi.onFreePort().answer("GET /api/v1/runbooks", NAMES).answer("GET /api/v1/targets", NAMES);

    int exit = run("drill", "run", "orders");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines().toList()).containsExactly("error: 'orders' is both a runbook and a target",
        "hint: say which: --runbook orders or --target orders");
    assertThat(api.requests()).noneMatch(r -> r.startsWith("POST"));
  }

  @Test
  void anUnknownNameIsRefusedListingTheRunbooksAndTargets() throws Exception {
    api = ScriptedApi.onFreePort().answer("GET /api/v1/runbooks", "[{\"name\":\"full-system-restore\"}]")
        .answer("GET /api/v1/targets", "[{\"name\":\"orders\"}]");

    int exit = run("drill", "run", "ordres");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines().toList()).containsExactly("error: no runbook or target 'ordres'",
        "hint: runbooks: full-system-restore; targets: orders");
    assertThat(api.requests()).noneMatch(r -> r.startsWith("POST"));
  }

  @Test
  void aPassingDrillIsFollowedToItsVerdictAndItsReport() throws Exception {
    api = ScriptedApi.onFreePort().answer("POST /api/v1/drills", Answer.of(202, STARTED))
        .answer("GET /api/v1/runs/" + RUN_ID, """
            {"runId":"%s","status":"COMPLETED","progress":null,"result":{"reportKey":"k",
             "report":{"drillId":"%s","passed":true,"verdict":"passed: RTO 42s of 2h, RPO 3m of 1h"}}}
            """.formatted(RUN_ID, DRILL_ID));

    int exit = run("drill", "run", "--target", "orders", "--keep", "--reason", "quarterly");

    assertThat(exit).isZero();
    assertThat(text()).contains("PASSED " + DRILL_ID + ": passed: RTO 42s of 2h, RPO 3m of 1h\n")
        .contains("report: lifeboat drill report " + DRILL_ID + "\n");
    assertThat(api.requests()).containsExactly("POST /api/v1/drills", "GET /api/v1/runs/" + RUN_ID);
  }

  @Test
  void aFailedDrillExitsOneAndPointsToItsReport() throws Exception {
    api = ScriptedApi.onFreePort().answer("POST /api/v1/drills", Answer.of(202, STARTED))
        .answer("GET /api/v1/runs/" + RUN_ID, """
            {"runId":"%s","status":"FAILED","progress":null,
             "failure":{"message":"failed: RTO 2h 10m missed the objective of 2h","type":"DrillFailed"}}
            """.formatted(RUN_ID));

    int exit = run("drill", "run", "--target", "orders");

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines().toList()).containsExactly(
        "error: drill failed: failed: RTO 2h 10m missed the objective of 2h",
        "hint: `lifeboat drill report " + DRILL_ID + "` shows what it did and why; `lifeboat runs` lists runs; the"
            + " Temporal UI shows the full history");
  }

  @Test
  void detachedTheDrillIdIsPrintedAndNotFollowed() throws Exception {
    api = ScriptedApi.onFreePort().answer("POST /api/v1/drills", Answer.of(202, STARTED));

    int exit = run("drill", "run", "--runbook", "orders", "--param", "backup=latest", "--detach");

    assertThat(exit).isZero();
    assertThat(text()).startsWith("drill started: " + DRILL_ID);
    assertThat(api.requests()).containsExactly("POST /api/v1/drills");
  }

  @Test
  void theReportIsMarkdownOnStdoutOrAnHtmlFile(@TempDir Path dir) throws Exception {
    api = ScriptedApi.onFreePort().answer("GET /api/v1/drills/" + DRILL_ID + "/report", "\"# Drill\"");
    Path html = dir.resolve("drill.html");

    assertThat(run("drill", "report", DRILL_ID)).isZero();
    assertThat(run("drill", "report", DRILL_ID, "--html", html.toString())).isZero();

    assertThat(text()).startsWith("\"# Drill\"").contains("wrote " + html);
    assertThat(Files.readString(html)).isEqualTo("\"# Drill\"");
    assertThat(api.requests()).containsExactly("GET /api/v1/drills/" + DRILL_ID + "/report?format=md",
        "GET /api/v1/drills/" + DRILL_ID + "/report?format=html");
  }

  @Test
  void theDrillsTableShowsVerdictsAndWhatWasAchievedAgainstTheObjectives() throws Exception {
    api = ScriptedApi.onFreePort().answer("GET /api/v1/drills", """
        [{"drillId":"%s","subject":"orders","startedAt":"2026-12-04T20:30:00.123456Z","passed":true,
          "achievedRtoMillis":42000,"rtoObjectiveMillis":7200000,"achievedRpoMillis":180000,
          "rpoObjectiveMillis":3600000},
         {"drillId":"drill-x","subject":"full","startedAt":"2026-12-03T20:30:00Z","passed":false,
          "achievedRtoMillis":null,"rtoObjectiveMillis":7200000}]""".formatted(DRILL_ID));

    assertThat(run("drills", "--target", "orders", "--limit", "5")).isZero();

    assertThat(text().lines().toList()).containsExactly(
        "DRILL                                        SUBJECT                STARTED               RESULT  RTO (OBJECTIVE)"
            + "    RPO (OBJECTIVE)",
        "drill-20261204-203000-orders                 orders                 2026-12-04T20:30:00Z  PASSED  42.0 s / 2h 00m"
            + "    3m 00s / 1h 00m",
        "drill-x                                      full                   2026-12-03T20:30:00Z  FAILED  - / 2h 00m       "
            + "  - / -");
    assertThat(api.requests()).containsExactly("GET /api/v1/drills?limit=5&target=orders");
  }

  @Test
  void statusShowsTheLastDrillAndAnOverdueOne() throws Exception {
    String targets = """
        [{"name":"orders","kind":"postgres","objectives":{"rpo":"PT1H","rto":"PT2H"},
          "newestVerifiedBackup":{"backupId":"b1","ageSeconds":60},
          "drill":{"drillId":"%s","passed":false,"startedAt":"2020-01-01T00:00:00Z","achievedRtoMillis":42000,
                   "rtoObjectiveMillis":7200000,"overdue":true,
                   "problem":"drill overdue: last passing drill 95d ago, interval 90d"}},
         {"name":"cache","kind":"redis","objectives":{"rpo":"PT1H","rto":"PT2H"},
          "newestVerifiedBackup":{"backupId":"b2","ageSeconds":60},
          "drill":{"overdue":true,"problem":"never drilled"}}]""".formatted(DRILL_ID);

    String table = StatusCommand.table(StatusCommand.freshness(new ObjectMapper().readTree(targets)));

    assertThat(table).containsPattern("drill of orders: FAILED \\d+d\\d*h? ago \\(RTO 42.0 s / 2h 00m, RPO - / -\\) "
        + DRILL_ID + "\n");
    assertThat(table).contains("orders: drill overdue: last passing drill 95d ago, interval 90d\n");
    assertThat(table).contains("cache: never drilled\n").doesNotContain("drill of cache");
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--api";
    all[args.length + 1] = api.uri().toString();
    return cli.execute(all);
  }

  private String text() {
    return out.toString(StandardCharsets.UTF_8);
  }
}
