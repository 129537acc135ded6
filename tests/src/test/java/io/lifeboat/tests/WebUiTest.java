package io.lifeboat.tests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator sees of a restore in the Temporal web UI, read by a real browser (Debian's
 * chromium driven by playwright-core, both from deploy/install-tools.sh): the run's summary, the
 * summary of each step, and the search attributes to find the run by. Leaves the screenshot at
 * tests/target/web-ui-restore.png (docs/web-ui-restore.png is a copy).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebUiTest {
  private static final Path SCRIPT = Path.of("src/test/js/web-ui-run.mjs");
  private static final Path SCREENSHOT = Path.of("target/web-ui-restore.png");

  @TempDir Path dir;

  @Test
  void aRestoreShowsItsSummaryStepsAndSearchAttributes() throws Exception {
    SharedTemporal.requireRealServer();
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of("shop"))) {
      try (Connection db = stack.embedded.postgres().connect("shop")) {
        SampleDatabase.create(db, 2);
      }
      BackupResult backup = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("shop"))
          .backup(new BackupRequest("shop", "test", "tester"));
      String backupId = backup.backupId();
      stack.embedded.postgres().dropDatabase("shop");
      // Started as the API starts it: with a static summary (stubs alone set none).
      RestoreWorkflow restore = stack.client().newWorkflowStub(RestoreWorkflow.class, WorkflowOptions.newBuilder()
          .setTaskQueue(stack.config.getTemporal().getTaskQueue())
          .setWorkflowId(RestoreWorkflow.workflowId("shop", "shop"))
          .setStaticSummary("Restore shop ← " + backupId).build());
      WorkflowExecution run = WorkflowClient.start(restore::restore,
          new RestoreRequest("shop", backupId, "shop", false, null, "tester"));
      WorkflowStub.fromTyped(restore).getResult(RestoreResult.class);

      String url = stack.embedded.temporal().webUi().orElseThrow() + "/namespaces/" + stack.embedded.namespace()
          + "/workflows/" + URLEncoder.encode(run.getWorkflowId(), UTF_8) + "/" + run.getRunId() + "/history";
      JsonNode shown = openInBrowser(url);
      String seen = "the web UI showed " + shown.toPrettyString() + "\n(screenshot " + SCREENSHOT.toAbsolutePath() + ")";

      assertThat(shown.path("workflowSummary").asText()).as(seen).isEqualTo("Restore shop ← " + backupId);
      String restoreStep = "restore " + backupId + " beside shop at shop";
      assertThat(texts(shown.path("timeline"))).as(seen).anySatisfy(bar -> assertThat(bar).endsWith(restoreStep));
      assertThat(texts(shown.path("eventSummaries").findValues("summary"))).as(seen).contains(restoreStep);
      assertThat(shown.path("currentDetails").asText()).as(seen).contains("restore: restored into shop__lifeboat_restore");
      JsonNode attributes = shown.path("searchAttributes");
      assertThat(attributes.path("LifeboatTarget").asText()).as(seen).isEqualTo("shop");
      assertThat(attributes.path("LifeboatRunType").asText()).as(seen).isEqualTo("RESTORE");
      assertThat(attributes.path("LifeboatBackupId").asText()).as(seen).isEqualTo(backupId);
    }
  }

  /** Runs the browser script on the page and returns what it found there. */
  private JsonNode openInBrowser(String url) throws Exception {
    Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
    Path out = dir.resolve("web-ui.json");
    Path err = dir.resolve("web-ui.log");
    Process node;
    try {
      node = new ProcessBuilder("node", SCRIPT.toString(), url, SCREENSHOT.toString())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    } catch (IOException e) {
      throw new AssertionError("this test needs Node.js 20+ on the PATH, and deploy/install-tools.sh run after it", e);
    }
    if (!node.waitFor(2, TimeUnit.MINUTES)) {
      node.destroyForcibly().waitFor();
      throw new AssertionError("the browser did not finish within 2 minutes on " + url + ":\n" + Files.readString(err));
    }
    if (node.exitValue() != 0) {
      throw new AssertionError("the browser could not open " + url + " (exit " + node.exitValue() + "):\n"
          + Files.readString(err));
    }
    return new ObjectMapper().readTree(out.toFile());
  }

  private static List<String> texts(Iterable<JsonNode> nodes) {
    List<String> texts = new ArrayList<>();
    nodes.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
