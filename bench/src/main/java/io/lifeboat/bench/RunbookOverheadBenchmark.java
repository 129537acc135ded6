package io.lifeboat.bench;

import io.lifeboat.api.temporal.PayloadEncryption;
import io.lifeboat.api.temporal.SummariesInClear;
import io.lifeboat.config.PayloadKeyConfig;
import io.lifeboat.worker.SearchAttributeRegistration;
import io.lifeboat.worker.embedded.EmbeddedTemporal;
import io.lifeboat.workflows.backup.CatalogActivities;
import io.lifeboat.workflows.common.ActivitySummaries;
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
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.Closeable;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Orchestration overhead of a runbook: a run of N no-op {@code notify} steps, with the real
 * {@link RunbookWorkflowImpl} and a worker polling it, measured side by side on the two servers
 * Lifeboat runs on: the real Temporal dev server ({@code temporal server start-dev}, a child
 * process, SQLite in memory) and the in-memory Java test server (in this JVM, over gRPC on a port,
 * time skipping off). Overhead = the run's wall-clock time as its starter sees it (start → result)
 * minus the time spent inside the step activities. The catalog records the workflow writes at its
 * start and end go to a no-op here and count as overhead. On the dev server the runbook runs twice
 * more with every payload encrypted (as every Lifeboat client and worker does with {@code
 * temporal.payloadKeys}), to show what the codec costs.
 *
 * <pre>bench/run runbook [--steps 10] [--runs 5]</pre>
 */
public final class RunbookOverheadBenchmark {
  private static final String TASK_QUEUE = "bench-runbook";

  public static void main(String[] args) throws Exception {
    int steps = intOption(args, "--steps", 10);
    int runs = intOption(args, "--runs", 5);
    Path log = Files.createTempFile("bench-temporal", ".log");
    double real;
    double encrypted;
    try (EmbeddedTemporal devServer = EmbeddedTemporal.start(null, 0, log)) {
      if (!devServer.real()) {
        throw new IllegalStateException("the Temporal dev server is not installed: run deploy/install-temporal.sh");
      }
      real = measure("Temporal dev server (temporal server start-dev)", devServer.target(), steps, runs,
          GlobalDataConverter.get());
      encrypted = measure("Temporal dev server, payloads encrypted (AES-GCM codec)", devServer.target(), steps, runs,
          encrypting());
    }
    int port = freePort();
    double inMemory;
    try (Closeable server = TestServer.createPortBoundServer(port, true)) {
      inMemory = measure("in-memory Java test server", "127.0.0.1:" + port, steps, runs, GlobalDataConverter.get());
    }
    System.out.printf("%nmedian overhead for %d steps: dev server %.3f s, in-memory server %.3f s (%.1fx); "
        + "target on the dev server <= 2 s%n", steps, real, inMemory, real / inMemory);
    System.out.printf("payload encryption on the dev server: %.3f s against %.3f s in clear (%+.1f%%)%n", encrypted,
        real, (encrypted / real - 1) * 100);
    System.exit(0);
  }

  /** Runs the runbook once to warm up, then {@code runs} times; returns the median overhead in seconds. */
  private static double measure(String server, String target, int steps, int runs, DataConverter converter)
      throws Exception {
    long started = System.nanoTime();
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    SearchAttributeRegistration.ensure(service, "default");
    WorkflowClient client = WorkflowClient.newInstance(service,
        WorkflowClientOptions.newBuilder().setDataConverter(converter).build());
    WorkerFactory factory = WorkerFactory.newInstance(client,
        WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new ActivitySummaries()).build());
    Worker worker = factory.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(RunbookWorkflowImpl.class);
    NoOpSteps activities = new NoOpSteps();
    worker.registerActivitiesImplementations(activities);
    factory.start();
    System.out.printf("%n%s at %s, worker started in %.2f s%n", server, target, (System.nanoTime() - started) / 1e9);

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
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    service.shutdown();
    List<Double> sorted = overheads.stream().sorted().toList();
    double median = sorted.get(sorted.size() / 2);
    System.out.printf("median overhead: %.3f s for %d steps%n", median, steps);
    return median;
  }

  /** The data converter of a Lifeboat client with a freshly generated payload key. */
  private static DataConverter encrypting() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return SummariesInClear.around(PayloadEncryption.of(
        List.of(new PayloadKeyConfig("bench", Base64.getEncoder().encodeToString(key)))));
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
