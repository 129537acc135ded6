package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of a PostgreSQL target nobody answers for, on the real stack: the failure, and the RPO
 * it leaves breached, reach the operator's webhook once each with their dedup keys, although the
 * receiver refuses the first delivery with a 500.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class NotificationsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aFailedBackupIsNotifiedOnceDespiteAReceiverThatFirstAnswers500() throws Exception {
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    AtomicInteger requests = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/lifeboat", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      int status = requests.incrementAndGet() == 1 ? 500 : 200;
      if (status == 200) {
        received.add(JSON.readTree(new String(body, StandardCharsets.UTF_8)));
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    receiver.start();
    String targets = """
          orders:
            kind: postgres
            host: 127.0.0.1
            port: %d
            user: lifeboat
            database: orders
            rpo: 1h
            rto: 15m
        """.formatted(closedPort());
    String notifications = """
        notifications:
          channels:
            hook: {type: webhook, url: "http://127.0.0.1:%d/lifeboat"}
          routes:
            - {severity: [critical], channels: [hook]}
        """.formatted(receiver.getAddress().getPort());
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(), targets, notifications)) {
      BackupWorkflow backup = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId("orders"));

      assertThatThrownBy(() -> backup.backup(new BackupRequest("orders", "test", "alice")))
          .isInstanceOf(WorkflowFailedException.class);

      String run = BackupWorkflow.workflowId("orders") + "/" + WorkflowStub.fromTyped(backup).getExecution().getRunId();
      assertThat(received).extracting(n -> n.get("dedupKey").asText()).containsExactlyInAnyOrder(
          "backup-failed:orders:" + run, "rpo-breached:orders:none");
      JsonNode failed = received.stream().filter(n -> n.get("event").asText().equals("backup-failed")).findFirst()
          .orElseThrow();
      assertThat(failed.get("severity").asText()).isEqualTo("critical");
      assertThat(failed.get("target").asText()).isEqualTo("orders");
      assertThat(failed.get("summary").asText()).isEqualTo("backup of orders failed");
      assertThat(failed.get("details").asText()).isNotBlank();
      assertThat(requests.get()).as("one refused, then each event once").isEqualTo(3);
      MeterRegistry metrics = stack.worker.meters(); // the worker's own /metrics registry
      assertThat(metrics.get("lifeboat.notifications").tags("channel", "hook", "severity", "critical", "result", "failure")
          .counter().count()).isEqualTo(1);
      assertThat(metrics.get("lifeboat.notifications").tags("channel", "hook", "severity", "critical", "result", "success")
          .counter().count()).isEqualTo(2);
    } finally {
      receiver.stop(0);
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
