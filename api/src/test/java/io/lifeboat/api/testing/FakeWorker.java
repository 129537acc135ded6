package io.lifeboat.api.testing;

import io.lifeboat.workflows.runbook.RunbookWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The Temporal Java test server listening on a free port (the API connects to it over gRPC, as
 * to a real cluster) and a worker on it that hosts {@link FakeWorkflows} in place of Lifeboat's
 * worker. Started once per test JVM.
 */
public final class FakeWorker {
  public static final String TASK_QUEUE = "lifeboat-api-test";

  private static final FakeWorker INSTANCE = start();

  private final String target;
  private final TestWorkflowEnvironment environment;

  private FakeWorker(String target, TestWorkflowEnvironment environment) {
    this.target = target;
    this.environment = environment;
  }

  public static FakeWorker get() {
    return INSTANCE;
  }

  /** {@code host:port} of the test server's frontend. */
  public String target() {
    return target;
  }

  /** A client of the same server, for tests to look at or end what the API started. */
  public WorkflowClient client() {
    return environment.getWorkflowClient();
  }

  private static FakeWorker start() {
    int port = freePort();
    // No time skipping: the API sees workflows run in real time, as on a real cluster.
    // true: time skipping locked (false would let the server jump timers ahead whenever it idles)
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, true);
    String target = "127.0.0.1:" + port;
    TestWorkflowEnvironment environment =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseExternalService(true).setTarget(target)
                .setUseTimeskipping(false).build());
    // the real runbook interpreter upserts these, as the worker registers them on a real server
    io.lifeboat.workflows.common.RunAttributes.ALL.forEach(
        key -> environment.registerSearchAttribute(key.getName(), key.getValueType()));
    Worker worker = environment.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        FakeWorkflows.HoldingBackup.class, FakeWorkflows.PassingVerify.class, FakeWorkflows.RefusingRestore.class);
    // The real runbook interpreter: the API's runbook tests use approve and wait steps only, which
    // need no activity but the catalog record of the run (written nowhere here).
    worker.registerWorkflowImplementationTypes(RunbookWorkflowImpl.class);
    worker.registerActivitiesImplementations(new FakeWorkflows.UnrecordedCatalog());
    environment.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      environment.close();
      server.close();
    }, "temporal-test-server-stop"));
    return new FakeWorker(target, environment);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
