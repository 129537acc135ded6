package io.lifeboat.tests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.catalog.RunEntry;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lifeboat's dashboard in a real browser (Debian's chromium driven by playwright-core, both from
 * deploy/install-tools.sh) against the API with tokens, a worker, the Temporal dev server, S3Proxy
 * and PostgreSQL: after a real backup the target shows fresh, and one whose backup failed is
 * flagged with the cause; a target with a storage quota shows its share and forecast; a runbook
 * run waits for approval;
 * its starter's own approval is refused with the server's reason; a second person logs in and
 * approves, and the page follows the run to its end, with its timeline and report; the drills
 * indexed in the catalog show in a table and on the RTO/RPO chart; a notification its channel
 * refused shows in the "notifications failing" banner; a backup started through the API while the
 * page is open shows running, then completed, without a reload. Leaves the
 * screenshot at tests/target/dashboard.png (docs/dashboard.png is a copy).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DashboardEndToEndTest {
  private static final Path SCRIPT = Path.of("src/test/js/dashboard.mjs");
  private static final Path SCREENSHOT = Path.of("target/dashboard.png");
  private static final String ALICE = "alice-token-0123456789abcdef";
  private static final String BOB = "bob-token-0123456789abcdef";
  private static final String LIVE = "live";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aSecondPersonApprovesAWaitingRunInTheDashboardAndWatchesItFinish() throws Exception {
    SharedTemporal.requireRealServer();
    Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(runbooks.resolve("gated.yaml"), """
        name: gated
        description: A second person agrees, then the team is told.
        objectives:
          rto: 15m
        steps:
          - name: second person agrees
            type: approve
            with: {message: "restore shop from its newest backup?"}
            timeout: 5m
          - name: tell the team
            type: notify
            with: {message: "shop is being restored"}
        """);
    String access = """
        auth:
          tokens:
            - {token: %s, principal: alice, roles: [operator, approver]}
            - {token: %s, principal: bob, roles: [approver]}
        runbooks:
          folder: %s
        """.formatted(ALICE, BOB, runbooks);
    // A target whose application refuses to pause: its backup fails at once, for a plain reason.
    String ledger = """
          ledger:
            kind: files
            paths: [%s]
            rpo: 1h
            rto: 15m
            hooks:
              before:
                command: [sh, -c, 'echo "ledger app refuses to pause" >&2; exit 7']
          archive:
            kind: files
            paths: [%s]
            rpo: 1d
            rto: 1h
            storageQuota: 3584KiB
        """.formatted(Files.createDirectories(dir.resolve("ledger")), Files.createDirectories(dir.resolve("archive")));
    // The target the page watches back up live: its hook holds the run a few seconds, longer than a poll.
    Path liveFiles = Files.createDirectories(dir.resolve("live"));
    Files.writeString(liveFiles.resolve("notes.txt"), "watched from the dashboard\n");
    String live = """
          %s:
            kind: files
            paths: [%s]
            rpo: 1h
            rto: 15m
            hooks:
              before:
                command: [sh, -c, 'sleep 5']
        """.formatted(LIVE, liveFiles);
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("shop"), ledger + live, access)) {
      try (Connection db = stack.embedded.postgres().connect("shop")) {
        SampleDatabase.create(db, 2);
      }
      stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("shop"))
          .backup(new BackupRequest("shop", "test", "tester"));
      assertThatThrownBy(() -> stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("ledger"))
          .backup(new BackupRequest("ledger", "test", "tester"))).isInstanceOf(WorkflowFailedException.class);
      // Three earlier drills of shop, as the drill workflow indexes them: the middle one missed its RTO.
      Instant now = Instant.now();
      stack.catalog.recordDrill(drill("drill-1", now.minus(Duration.ofDays(60)), true, "passed: RTO 6m of 15m, RPO 20m of 1h",
          Duration.ofMinutes(6), Duration.ofMinutes(20)));
      stack.catalog.recordDrill(drill("drill-2", now.minus(Duration.ofDays(30)), false, "failed: RTO 18m of 15m",
          Duration.ofMinutes(18), Duration.ofMinutes(30)));
      stack.catalog.recordDrill(drill("drill-3", now.minus(Duration.ofDays(1)), true, "passed: RTO 5m of 15m, RPO 10m of 1h",
          Duration.ofMinutes(5), Duration.ofMinutes(10)));
      // Three daily backups of archive of 1 MiB each, as the catalog indexes them: 3 of its 3.5 MiB quota.
      for (int daysAgo = 2; daysAgo >= 0; daysAgo--) {
        archiveBackup(stack, "archive-" + daysAgo, now.minus(Duration.ofDays(daysAgo)));
      }
      // A notification of ledger's failure that its channel refused, as the worker records it.
      stack.catalog.notificationFailed("oncall-slack", "backup-failed:ledger:backup:ledger/r1", "backup-failed",
          "critical", "ledger", now.minusSeconds(30), "the channel's URL answered 503: maintenance");
      DropwizardTestSupport<LifeboatConfiguration> api =
          new DropwizardTestSupport<>(LifeboatApplication.class, stack.embedded.configFile().toString());
      api.before();
      try {
        String base = "http://127.0.0.1:" + api.getLocalPort();
        String runId = startRunbook(base);
        String workflowId = runId.substring(0, runId.lastIndexOf('/'));

        JsonNode shown = openInBrowser(base + "/dashboard/");
        RunbookProgress outcome = WorkflowStub.fromTyped(stack.client().newWorkflowStub(RunbookWorkflow.class,
            workflowId)).getResult(30, TimeUnit.SECONDS, RunbookProgress.class);
        String seen = "the dashboard showed " + shown.toPrettyString() + "\n(screenshot " + SCREENSHOT.toAbsolutePath()
            + ")";

        assertThat(texts(shown.path("errors"))).as(seen).isEmpty();
        assertThat(shown.path("loginAsked").asBoolean()).as(seen).isTrue();
        assertThat(shown.path("targetRow").asText()).as(seen).startsWith("shop").contains("postgres", "fresh");
        assertThat(shown.path("failedTargetRow").asText()).as(seen).startsWith("ledger")
            .contains("no backup", "backup failed", "ledger app refuses to pause");
        assertThat(shown.path("storage").path("archive").asText()).as(seen)
            .isEqualTo("3.0 MiB of 3.5 MiB 86% full in ~12 hours at 1.0 MiB/day");
        assertThat(shown.path("storage").path("shop").asText()).as("a target without a quota: its bytes only")
            .matches("[0-9.]+ (B|KiB|MiB)");
        assertThat(shown.path("approvalCard").asText()).as(seen)
            .contains("second person agrees", "restore shop from its newest backup?", "started by alice");
        assertThat(shown.path("waitingRun").asText()).as(seen).contains("RUNBOOK", "waiting");
        assertThat(shown.path("webUiLink").asText()).as(seen).isEqualTo(
            stack.embedded.temporal().webUi().orElseThrow() + "/namespaces/" + stack.embedded.namespace()
                + "/workflows/" + URLEncoder.encode(workflowId, UTF_8) + "/" + runId.substring(runId.lastIndexOf('/') + 1)
                + "/history");
        assertThat(shown.path("starterRefusal").asText()).as(seen).startsWith("Refused: ").contains("alice");
        assertThat(shown.path("approverAnswer").asText()).as(seen).contains("approve", "accepted", "bob");
        assertThat(shown.path("finishedRun").asText()).as(seen).containsAnyOf("completed", "succeeded");
        assertThat(texts(shown.path("timeline"))).as(seen)
            .anySatisfy(step -> assertThat(step).startsWith("second person agrees").contains("done"))
            .anySatisfy(step -> assertThat(step).startsWith("tell the team").contains("done"));
        assertThat(shown.path("report").asText()).as(seen).contains("gated", "SUCCEEDED");
        assertThat(texts(shown.path("drillRows"))).as(seen).hasSize(3)
            .first().asString().contains("shop (drill-3)", "passed", "5m 0s / 15m 0s", "10m 0s / 1h 0m");
        assertThat(texts(shown.path("drillRows")).get(1)).as(seen).contains("failed", "18m 0s / 15m 0s");
        assertThat(shown.path("chartPoints").asInt()).as(seen).isEqualTo(6);
        assertThat(shown.path("chartMissed").asInt()).as(seen).isEqualTo(1);
        assertThat(shown.path("notificationFailure").asText()).as(seen)
            .contains("critical", "backup-failed of ledger to oncall-slack", "1 failed attempt", "answered 503");
        assertThat(outcome.status()).isEqualTo(RunbookProgress.Status.SUCCEEDED);
        assertThat(outcome.signals()).as(seen).anySatisfy(signal -> assertThat(signal.toString()).contains("bob"));

        // The one refusal, alice's own approval, is the browser's one logged failed request; nothing else went wrong.
        assertThat(texts(shown.path("pageErrors"))).as(seen).isEmpty();
        assertThat(texts(shown.path("failedRequests"))).as(seen).singleElement().asString()
            .startsWith("403 POST ").endsWith("/signals/approve");
        assertThat(texts(shown.path("consoleErrors"))).as(seen).allSatisfy(error -> assertThat(error)
            .startsWith("Failed to load resource: the server responded with a status of 403").endsWith("/signals/approve)"));
        assertThat(SCREENSHOT).isNotEmptyFile();

        // A backup started through the API while the page was open: seen running, then completed, in one page load.
        assertThat(shown.path("liveBackupRunning").asText()).as(seen).contains("BACKUP", LIVE, "running");
        assertThat(shown.path("liveBackupDone").asText()).as(seen).contains("BACKUP", LIVE, "completed");
        assertThat(shown.path("liveBackupSamePage").asBoolean()).as(seen).isTrue();
        String liveRun = shown.path("liveBackupRun").asText();
        assertThat(stack.catalog.findRun(liveRun)).as(seen).hasValueSatisfying(run -> assertThat(run.status())
            .isEqualTo(RunEntry.Status.COMPLETED));
      } finally {
        api.after();
      }
    }
  }

  private static DrillEntry drill(String id, Instant startedAt, boolean passed, String verdict, Duration rto,
      Duration rpo) {
    return new DrillEntry(id, "shop", true, List.of("shop"), "scheduler", startedAt, startedAt.plus(rto), passed,
        verdict, rto.toMillis(), rpo.toMillis(), Duration.ofMinutes(15).toMillis(), Duration.ofHours(1).toMillis(),
        "_lifeboat/drills/" + id + "/report.json");
  }

  private static void archiveBackup(LifeboatStack stack, String backupId, Instant at) {
    long mib = 1024 * 1024;
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, backupId, "archive", "files", null, at,
        new Manifest.RecoveryPoint(at, null), Map.of(), 2 * mib, mib,
        List.of(new Manifest.StoredObject("files.tar.zst.pgp", 2 * mib, mib, "ab".repeat(32))),
        new Manifest.Encryption("openpgp", List.of("F00D"), "BEEF"), null,
        new Manifest.WorkflowRun("backup:archive", "run-" + backupId), Map.of());
    stack.catalog.recordBackup(manifest, manifest.folder() + Manifest.FILE_NAME, "cd".repeat(32));
  }

  /** Starts the runbook through the API as alice, who therefore may not approve it; returns its run id. */
  private static String startRunbook(String base) throws IOException, InterruptedException {
    HttpResponse<String> started = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/runbooks/gated/runs"))
            .header("Authorization", "Bearer " + ALICE).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"dashboard\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    return JSON.readTree(started.body()).path("runId").asText();
  }

  /** Runs the browser script on the page and returns what it found there. */
  private JsonNode openInBrowser(String url) throws Exception {
    Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
    Path out = dir.resolve("dashboard.json");
    Path err = dir.resolve("dashboard.log");
    Process node;
    try {
      ProcessBuilder browser = new ProcessBuilder("node", SCRIPT.toString(), url, "shop", "ledger", "gated", ALICE, BOB,
          SCREENSHOT.toString()).redirectOutput(out.toFile()).redirectError(err.toFile());
      browser.environment().put("LIVE_TARGET", LIVE);
      node = browser.start();
    } catch (IOException e) {
      throw new AssertionError("this test needs Node.js 20+ on the PATH, and deploy/install-tools.sh run after it", e);
    }
    if (!node.waitFor(80, TimeUnit.SECONDS)) {
      node.destroyForcibly().waitFor();
      throw new AssertionError("the browser did not finish within 80 s on " + url + ":\n" + Files.readString(err));
    }
    if (node.exitValue() != 0) {
      throw new AssertionError("the browser could not open " + url + " (exit " + node.exitValue() + "):\n"
          + Files.readString(err));
    }
    return JSON.readTree(out.toFile());
  }

  private static List<String> texts(Iterable<JsonNode> nodes) {
    List<String> texts = new ArrayList<>();
    nodes.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
