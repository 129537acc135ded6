package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpServer;
import io.dropwizard.testing.DropwizardTestSupport;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.temporal.PayloadEncryption;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.PayloadKeyConfig;
import io.lifeboat.runbooks.RunbookParser;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.history.v1.History;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.payload.codec.PayloadCodecException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret in Temporal's history: a runbook run with a secret parameter on the real dev server,
 * with the embedded stack's generated payload key. The secret reaches the step (a real webhook
 * receives it) but not the history in clear; the API's codec endpoint gives it back to whoever may
 * decode; another key under the same id is refused in one line; a run started by a client without
 * the key (as before encryption) still runs.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PayloadEncryptionEndToEndTest {
  private static final String SECRET = "hunter2-SECRET-xyz";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aSecretParameterReachesItsStepButNotTheHistoryAndTheCodecEndpointDecodesIt() throws Exception {
    SharedTemporal.requireRealServer();
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/hook", exchange -> {
      received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    webhook.start();
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of())) {
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
              with: {message: "new token ${params.api_token}", url: "http://127.0.0.1:%d/hook"}
          """.formatted(webhook.getAddress().getPort()));
      String workflowId = RunbookWorkflow.workflowId(runbook.name(), "secret");
      RunbookProgress done = stack.workflow(RunbookWorkflow.class, workflowId)
          .run(new RunbookRequest(runbook, Map.of("api_token", SECRET), "alice"));

      assertThat(done.status()).as(String.valueOf(done.error())).isEqualTo(RunbookProgress.Status.SUCCEEDED);
      assertThat(received).singleElement().asString().contains("new token " + SECRET);
      History history = stack.client().fetchHistory(workflowId).getHistory();
      String json = stack.client().fetchHistory(workflowId).toJson(true);
      String bytes = history.toByteString().toStringUtf8();
      assertThat(bytes).as("the history's bytes").doesNotContain(SECRET);
      assertThat(json).doesNotContain(SECRET);
      assertThat(bytes).as("the step's summary stays readable").contains("\"tell the team\"");

      Payloads input = history.getEvents(0).getWorkflowExecutionStartedEventAttributes().getInput();
      assertThat(PayloadEncryption.encrypted(input.getPayloads(0))).isTrue();
      DropwizardTestSupport<LifeboatConfiguration> api =
          new DropwizardTestSupport<>(LifeboatApplication.class, stack.embedded.configFile().toString());
      api.before();
      try {
        HttpResponse<String> decoded = HTTP.send(HttpRequest.newBuilder(
                URI.create(stack.embedded.apiUrl() + "/codec/decode"))
            .header("Content-Type", "application/json")
            .header("Origin", stack.embedded.temporal().webUi().orElseThrow())
            .POST(HttpRequest.BodyPublishers.ofString(JsonFormat.printer().print(input))).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(decoded.statusCode()).as(decoded.body()).isEqualTo(200);
        Payloads.Builder clear = Payloads.newBuilder();
        JsonFormat.parser().merge(decoded.body(), clear);
        assertThat(clear.getPayloads(0).getData().toStringUtf8()).contains(SECRET);
      } finally {
        api.after();
      }

      PayloadKeyConfig key = stack.config.getTemporal().getPayloadKeys().get(0);
      PayloadEncryption anotherKeySameId = PayloadEncryption.of(List.of(
          new PayloadKeyConfig(key.getId(), Base64.getEncoder().encodeToString(new byte[32]))));
      assertThatThrownBy(() -> anotherKeySameId.decode(List.of(input.getPayloads(0))))
          .isInstanceOf(PayloadCodecException.class)
          .hasMessage("a payload encrypted with key id '" + key.getId() + "' does not decrypt with the configured key "
              + "of that id: the key was changed under the same id; put the old key back under '" + key.getId()
              + "' and give a new key a new id, listed first");

      // A run started without the key, as every run was before encryption: its input passes through.
      WorkflowClient withoutKey = WorkflowClient.newInstance(stack.temporal.stubs(),
          WorkflowClientOptions.newBuilder().setNamespace(stack.temporal.namespace()).build());
      String plainId = RunbookWorkflow.workflowId(runbook.name(), "plain");
      WorkflowClient.start(withoutKey.newWorkflowStub(RunbookWorkflow.class, WorkflowOptions.newBuilder()
              .setTaskQueue(stack.config.getTemporal().getTaskQueue()).setWorkflowId(plainId).build())::run,
          new RunbookRequest(runbook, Map.of("api_token", "plain-value"), "alice"));
      RunbookProgress plain = WorkflowStub.fromTyped(stack.client().newWorkflowStub(RunbookWorkflow.class, plainId))
          .getResult(RunbookProgress.class);
      assertThat(plain.status()).isEqualTo(RunbookProgress.Status.SUCCEEDED);
      Payload plainInput = stack.client().fetchHistory(plainId).getHistory().getEvents(0)
          .getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0);
      assertThat(PayloadEncryption.encrypted(plainInput)).isFalse();
      assertThat(GlobalDataConverter.get().fromPayload(plainInput, RunbookRequest.class, RunbookRequest.class)
          .parameters()).containsEntry("api_token", "plain-value");
    } finally {
      webhook.stop(0);
    }
  }
}
