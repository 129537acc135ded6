package io.lifeboat.api.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lifeboat.api.auth.AuditTrail;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.metrics.ApiMetrics;
import io.lifeboat.api.testing.FakeWorker;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.retention.RetentionRequest;
import io.lifeboat.workflows.retention.RetentionWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.net.ServerSocket;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A start that replaces data is never made unrecorded: with the catalog database down (nothing
 * listens on its port) a restore with replace is refused with a 503 naming the catalog, and no
 * workflow exists afterwards; so is retention applied (it deletes backups), while a dry run starts.
 * The Temporal test server stands in for a cluster (FakeWorker).
 */
class DestructiveStartAuditTest {
  @Test
  void aRestoreThatReplacesIsRefusedWhenItsAuditRecordCannotBeWritten() throws Exception {
    PGSimpleDataSource down = new PGSimpleDataSource();
    down.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/lifeboat?connectTimeout=2");
    WorkflowClient client = FakeWorker.get().client();
    WorkflowStarter starter = new WorkflowStarter(client, FakeWorker.TASK_QUEUE, new ApiMetrics(),
        new AuditTrail(new Catalog(down), Clock.systemUTC()));
    RestoreRequest request = new RestoreRequest("orders-" + System.nanoTime(), "latest", null, true, null, "alice");

    assertThatThrownBy(() -> starter.restore(request)).isInstanceOfSatisfying(ApiProblem.class, problem -> {
      assertThat(problem.status().getStatusCode()).isEqualTo(503);
      assertThat(problem.body().error()).startsWith("the audit trail cannot be written to the catalog database (")
          .contains("nothing was started").doesNotContain("\n");
      assertThat(problem.body().hint()).contains("catalog.url");
    });
    assertThatThrownBy(() -> client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(RestoreWorkflow.workflowId(request))).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void retentionAppliedIsRefusedWhenItsAuditRecordCannotBeWrittenButADryRunIsNot() throws Exception {
    PGSimpleDataSource down = new PGSimpleDataSource();
    down.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/lifeboat?connectTimeout=2");
    WorkflowClient client = FakeWorker.get().client();
    WorkflowStarter starter = new WorkflowStarter(client, FakeWorker.TASK_QUEUE, new ApiMetrics(),
        new AuditTrail(new Catalog(down), Clock.systemUTC()));
    RetentionRequest apply = new RetentionRequest("orders-" + System.nanoTime(), false, "alice", "monthly");

    assertThatThrownBy(() -> starter.retention(apply)).isInstanceOfSatisfying(ApiProblem.class, problem -> {
      assertThat(problem.status().getStatusCode()).isEqualTo(503);
      assertThat(problem.body().error()).startsWith("the audit trail cannot be written to the catalog database (")
          .contains("nothing was started").doesNotContain("\n");
    });
    assertThatThrownBy(() -> describe(client, RetentionWorkflow.workflowId(apply)))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

    RetentionRequest dryRun = new RetentionRequest(apply.target(), true, "alice", "what would go");
    assertThat(starter.retention(dryRun).runId()).startsWith(RetentionWorkflow.workflowId(dryRun));
  }

  private static void describe(WorkflowClient client, String workflowId) {
    client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder().setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId)).build());
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
