package io.lifeboat.activities.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.activities.runbook.RecordingEndpoint.Answer;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWebhookTest {
  private final JsonWebhook webhook = new JsonWebhook(HttpClient.newHttpClient());

  @Test
  void postsTheBodyAsJsonAndReturnsTheStatus() throws Exception {
    try (RecordingEndpoint hook = new RecordingEndpoint(request -> new Answer(202, ""))) {
      assertThat(webhook.post(hook.url("/hook"), Map.of("to", "standby"))).isEqualTo(202);
      assertThat(hook.requests).containsExactly("POST /hook {\"to\":\"standby\"}");
    }
  }

  @Test
  void aRefusalIsRetryableAndSaysWhatTheReceiverAnswered() throws Exception {
    try (RecordingEndpoint hook = new RecordingEndpoint(request -> new Answer(503, "busy"));
        RecordingEndpoint silent = new RecordingEndpoint(request -> new Answer(500, ""))) {
      ApplicationFailure busy = catchThrowableOfType(ApplicationFailure.class,
          () -> webhook.post(hook.url("/hook"), Map.of()));
      ApplicationFailure failed = catchThrowableOfType(ApplicationFailure.class,
          () -> webhook.post(silent.url("/hook"), Map.of()));

      assertThat(busy.isNonRetryable()).isFalse();
      assertThat(busy.getType()).isEqualTo(FailureTypes.TOOL_FAILED);
      assertThat(busy.getOriginalMessage()).isEqualTo(hook.url("/hook") + " answered 503: busy");
      assertThat(failed.getOriginalMessage()).isEqualTo(silent.url("/hook") + " answered 500");
    }
  }

  @Test
  void noAnswerIsRetryable() throws Exception {
    String nowhere;
    try (ServerSocket closed = new ServerSocket(0)) {
      nowhere = "http://127.0.0.1:" + closed.getLocalPort() + "/hook";
    }

    ApplicationFailure failure = catchThrowableOfType(ApplicationFailure.class, () -> webhook.post(nowhere, Map.of()));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).startsWith(nowhere + " unreachable: ");
  }
}
