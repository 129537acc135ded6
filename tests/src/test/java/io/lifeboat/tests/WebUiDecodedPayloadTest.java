package io.lifeboat.tests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.DropwizardTestSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.runbooks.RunbookParser;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded stack as {@code lifeboat dev} runs it: its own dev server, whose web UI is pointed
 * at the API's codec endpoint. A real browser (Debian's chromium) shows a run's secret parameter,
 * which the history holds only encrypted, decoded through that endpoint.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebUiDecodedPayloadTest {
  private static final Path SCRIPT = Path.of("src/test/js/web-ui-text.mjs");
  private static final String SECRET = "hunter2-SECRET-xyz";

  @TempDir Path dir;

  @Test
  void theWebUiShowsASecretParameterDecodedThroughTheApisCodecEndpoint() throws Exception {
    SharedTemporal.requireRealServer();
    try (EmbeddedStack embedded = EmbeddedStack.start(dir.resolve("home"), dir.resolve("keys"), 0, 0)) {
      LifeboatConfiguration config = LifeboatConfigLoader.load(embedded.configFile());
      LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry());
      worker.start();
      DropwizardTestSupport<LifeboatConfiguration> api =
          new DropwizardTestSupport<>(LifeboatApplication.class, embedded.configFile().toString());
      api.before();
      TemporalConnection temporal = TemporalConnection.open(config.getTemporal());
      try {
        Runbook runbook = RunbookParser.parse("rotate.yaml", """
            name: rotate-token
            description: tells the team the new token
            objectives: {rto: 5m}
            parameters:
              api_token:
                description: the new token
            steps:
              - name: tell the team
                type: notify
                with: {message: "new token ${params.api_token}"}
            """);
        RunbookWorkflow run = temporal.client().newWorkflowStub(RunbookWorkflow.class, WorkflowOptions.newBuilder()
            .setTaskQueue(config.getTemporal().getTaskQueue())
            .setWorkflowId(RunbookWorkflow.workflowId(runbook.name(), "ui")).build());
        WorkflowExecution execution = WorkflowClient.start(run::run,
            new RunbookRequest(runbook, Map.of("api_token", SECRET), "alice"));
        assertThat(WorkflowStub.fromTyped(run).getResult(RunbookProgress.class).status())
            .isEqualTo(RunbookProgress.Status.SUCCEEDED);

        String url = embedded.temporal().webUi().orElseThrow() + "/namespaces/" + embedded.namespace() + "/workflows/"
            + URLEncoder.encode(execution.getWorkflowId(), UTF_8) + "/" + execution.getRunId() + "/history";
        JsonNode shown = openInBrowser(url);

        assertThat(shown.path("codecCalls").asInt()).as(shown.toString()).isPositive();
        assertThat(shown.path("found").asBoolean()).as(shown.toString()).isTrue();
      } finally {
        temporal.stop();
        api.after();
        worker.stop();
      }
    }
  }

  private JsonNode openInBrowser(String url) throws Exception {
    Path out = dir.resolve("web-ui.json");
    Path err = dir.resolve("web-ui.log");
    Path screenshot = Path.of("target/web-ui-decoded.png");
    Files.createDirectories(screenshot.toAbsolutePath().getParent());
    Process node;
    try {
      node = new ProcessBuilder("node", SCRIPT.toString(), url, SECRET, screenshot.toString())
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
}
