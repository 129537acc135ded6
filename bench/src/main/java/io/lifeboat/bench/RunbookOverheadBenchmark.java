package io.lifeboat.bench;

import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.runbook.Notification;
import io.lifeboat.workflows.runbook.NotifyActivities;
import io.lifeboat.workflows.runbook.OnFailure;
import io.lifeboat.workflows.runbook.Objectives;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.lifeboat.workflows.runbook.RunbookWorkflowImpl;
import io.lifeboat.workflows.runbook.Stage;
import io.lifeboat.workflows.runbook.Step;
import io.lifeboat.workflows.runbook.StepArguments;
import io.lifeboat.workflows.runbook.StepType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.Closeable;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Orchestration overhead of a runbook: a run of N no-op {@code notify} steps on the embedded
 * Temporal test server (in this JVM, over gRPC on a port, time skipping off, as {@code lifeboat
 * dev} runs it), with the real {@link RunbookWorkflowImpl} and a worker polling it. Overhead =
 * the run's wall-clock time as its starter sees it (start → result) minus the time spent inside
 * the step activities. The catalog records the workflow writes at its start and end go to a no-op
 * here and count as overhead.
 *
 * <pre>bench/run runbook [--steps 10] [--runs 5]</pre>
 */
public final class RunbookOverheadBenchmark {
  private static final String TASK_QUEUE = "bench-runbook";

  public static void main(String[] args) throws Exception {
    int steps = intOption(args, "--steps", 10);
    int runs = intOption(args, "--runs", 5);
    int port = freePort();
    long serverStarted = System.nanoTime();
    Closeable server = TestServer.createPortBoundServer(port, true);
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    WorkflowClient client = WorkflowClient.newInstance(service);
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(RunbookWorkflowImpl.class);
    NoOpSteps activities = new NoOpSteps();
    worker.registerActivitiesImplementations(activities);
    factory.start();
    System.out.printf("embedded Temporal test server on port %d, worker started in %.2f s%n", port,
        (System.nanoTime() - serverStarted) / 1e9);

    Runbook runbook = noOpRunbook(steps);
    System.out.printf("runbook of %d no-op notify steps; %d measured runs after 1 warm-up%n", steps, runs);
    System.out.println("| run | total s | steps' own s | overhead s | per step ms |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: |");
    List<Double> overheads = new ArrayList<>();
    for (int i = 0; i <= runs; i++) {
      activities.reset();
      RunbookWorkflow workflow = client.newWorkflowStub(RunbookWorkflow.class, WorkflowOptions.newBuilder()
          .setTaskQueue(TASK_QUEUE)
          .setWorkflowId(RunbookWorkflow.workflowId(runbook.name(), "bench-" + i + "-" + Instant.now().toEpochMilli()))
          .build());
      long start = System.nanoTime();
      RunbookProgress done = workflow.run(new RunbookRequest(runbook, Map.of(), "bench"));
      long total = System.nanoTime() - start;
      if (done.status() != RunbookProgress.Status.SUCCEEDED || activities.calls.get() != steps) {
        throw new IllegalStateException("run did not do its steps: " + done.status() + ", " + activities.calls);
      }
      double totalSeconds = total / 1e9;
      double ownSeconds = activities.nanos.get() / 1e9;
      double overhead = totalSeconds - ownSeconds;
      if (i == 0) {
        System.out.printf("| warm-up | %.3f | %.4f | %.3f | %.0f |%n", totalSeconds, ownSeconds, overhead,
            overhead * 1000 / steps);
        continue;
      }
      overheads.add(overhead);
      System.out.printf("| %d | %.3f | %.4f | %.3f | %.0f |%n", i, totalSeconds, ownSeconds, overhead,
          overhead * 1000 / steps);
    }
    List<Double> sorted = overheads.stream().sorted().toList();
    double median = sorted.get(sorted.size() / 2);
    System.out.printf("median overhead: %.3f s for %d steps (target <= 2 s)%n", median, steps);
    factory.shutdown();
    service.shutdown();
    server.close();
    System.exit(0);
  }

  private static Runbook noOpRunbook(int steps) {
    List<Stage> stages = IntStream.rangeClosed(1, steps)
        .mapToObj(i -> Stage.single(new Step("step " + i, StepType.NOTIFY,
            new StepArguments(Map.of("message", "no-op " + i), Map.of()), Duration.ofSeconds(30), 0,
            OnFailure.COMPENSATE)))
        .toList();
    return new Runbook("overhead-bench", "no-op steps", new Objectives(Duration.ofMinutes(15), null), List.of(), stages);
  }

  /** The step activity (notify) and the catalog's run records, doing nothing; the steps' time is measured. */
  static final class NoOpSteps implements NotifyActivities, CatalogActivities {
    final AtomicLong nanos = new AtomicLong();
    final AtomicLong calls = new AtomicLong();

    void reset() {
      nanos.set(0);
      calls.set(0);
    }

    @Override
    public void sendNotification(Notification notification) {
      long start = System.nanoTime();
      calls.incrementAndGet();
      nanos.addAndGet(System.nanoTime() - start);
    }

    @Override
    public void recordBackup(String manifestKey) {}

    @Override
    public void markVerified(String backupId, Instant verifiedAt) {}

    @Override
    public void recordRun(RunRecord run) {}
  }

  private static int intOption(String[] args, String name, int otherwise) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return otherwise;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
