package io.lifeboat.activities.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.runbook.RecordingEndpoint.Answer;
import io.lifeboat.workflows.runbook.Notification;
import org.junit.jupiter.api.Test;

class NotifyActivitiesTest {
  @Test
  void postsTheMessageAsJson() throws Exception {
    try (RecordingEndpoint chat = new RecordingEndpoint(request -> new Answer(200, "ok"))) {
      new NotifyActivitiesImpl().sendNotification(
          new Notification("full-system-restore", "runbook:full-system-restore:7", "restore started", chat.url("/hook")));

      assertThat(chat.requests).containsExactly("POST /hook {\"runbook\":\"full-system-restore\","
          + "\"run\":\"runbook:full-system-restore:7\",\"message\":\"restore started\"}");
    }
  }
}
