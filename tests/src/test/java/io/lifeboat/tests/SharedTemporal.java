package io.lifeboat.tests;

import io.lifeboat.worker.embedded.EmbeddedTemporal;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Temporal dev server for the whole test JVM (started at first use, stopped at exit), and a
 * namespace of its own for each test's stack, so that workflow ids, schedules and visibility
 * queries of one test never meet another's.
 */
final class SharedTemporal {
  private static final AtomicInteger NAMESPACES = new AtomicInteger();
  private static EmbeddedTemporal server;

  private SharedTemporal() {}

  static synchronized EmbeddedTemporal server() throws Exception {
    if (server == null) {
      Path log = Files.createTempFile("lifeboat-tests-temporal", ".log");
      server = EmbeddedTemporal.start(null, 0, log);
    }
    return server;
  }

  /**
   * A fresh namespace for one stack. The in-memory fallback server has only "default"; tests that
   * need the real server call {@link #requireRealServer()} and fail there with the reason.
   */
  static String newNamespace() throws Exception {
    EmbeddedTemporal temporal = server();
    if (!temporal.real()) {
      return "default";
    }
    String namespace = "test-" + ProcessHandle.current().pid() + "-" + NAMESPACES.incrementAndGet();
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
    try {
      stubs.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder().setNamespace(namespace)
          .setWorkflowExecutionRetentionPeriod(com.google.protobuf.Duration.newBuilder().setSeconds(86_400)).build());
    } finally {
      stubs.shutdownNow();
    }
    return namespace;
  }

  /** Fails, naming what is missing, where only the in-memory server could be started. */
  static void requireRealServer() throws Exception {
    if (!server().real()) {
      throw new AssertionError("this test needs the Temporal dev server (Schedules, visibility, a dead worker's runs "
          + "resumed); install it with deploy/install-temporal.sh (needs pip or Go)");
    }
  }
}
