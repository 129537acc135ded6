package io.lifeboat.bench;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.drill.DrillReport;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.DrillResult;
import io.lifeboat.workflows.drill.DrillWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a drill of one target costs against what an operator would otherwise run to trust the same
 * backup, side by side on one stack and one backup of the demo-sized sample database: the baseline
 * is a VerifyWorkflow with a test restore (integrity, restore into a scratch database, compare)
 * followed by a plain RestoreWorkflow of the same backup into a new database; the subject is a
 * DrillWorkflow of the target, which creates a scratch PostgreSQL server (initdb), fetches, checks
 * and restores the backup there, counts rows, runs a health check, tears the server down and
 * stores its report. Alternating order; the drill's report says where its time went. Run with
 * {@code bench/run drill}.
 */
public final class DrillBenchmark {
  private static final String TARGET = "bench";
  private static final String INTO = "bench_restored";

  private int sizeMb = 200;
  private int runs = 5;
  private final Path folder = Path.of("bench/target/postgres");
  /** The scratch PostgreSQL server runs as the postgres OS user when this runs as root: it must reach it. */
  private Path scratch = Path.of("/var/tmp/lifeboat-bench-drills");

  public static void main(String[] args) throws Exception {
    DrillBenchmark benchmark = new DrillBenchmark();
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--size-mb" -> benchmark.sizeMb = Integer.parseInt(args[i + 1]);
        case "--runs" -> benchmark.runs = Integer.parseInt(args[i + 1]);
        case "--scratch" -> benchmark.scratch = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/run --help");
      }
    }
    benchmark.run();
    System.exit(0); // the embedded services' threads are not daemons
  }

  private void run() throws Exception {
    openForPostgres(scratch);
    try (EmbeddedStack stack = EmbeddedStack.start(folder.resolve("stack"), folder.resolve("keys"), 0, 0)) {
      String database = BenchDatabases.sample(stack, sizeMb, folder);
      stack.declareTargets(List.of(new EmbeddedStack.Target(TARGET, database, "1h", "1h")),
          "drills:\n  scratchDirectory: " + scratch.toAbsolutePath() + "\n");
      LifeboatConfiguration config = LifeboatConfigLoader.load(stack.configFile());
      LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry());
      worker.start();
      TemporalConnection temporal = TemporalConnection.open(config.getTemporal());
      WorkflowClient client = temporal.client();
      String taskQueue = config.getTemporal().getTaskQueue();
      long databaseBytes;
      try (Connection db = stack.postgres().connect(database);
          ResultSet rs = db.createStatement().executeQuery("SELECT pg_database_size(current_database())")) {
        rs.next();
        databaseBytes = rs.getLong(1);
      }
      BackupResult backup = client.newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
              .setTaskQueue(taskQueue).setWorkflowId(BackupWorkflow.workflowId(TARGET)).build())
          .backup(new BackupRequest(TARGET, "benchmark", "bench"));
      System.out.printf(Locale.ROOT, "database %s: %.0f MB on disk, dump %.0f MB, %.0f MB stored; backup %s;"
          + " scratch under %s; %d runs each, alternating order%n", database, databaseBytes / 1e6,
          backup.rawBytes() / 1e6, backup.storedBytes() / 1e6, backup.backupId(), scratch, runs);

      String stamp = DrillWorkflow.STAMP.format(Instant.now());
      List<Double> baselineTimes = new ArrayList<>();
      List<Double> drillTimes = new ArrayList<>();
      Map<String, List<Double>> drillSteps = new LinkedHashMap<>();
      for (int run = 0; run < runs; run++) {
        for (int side = 0; side < 2; side++) {
          if ((side == 0) == (run % 2 == 0)) {
            if (stack.postgres().databaseExists(INTO)) {
              stack.postgres().dropDatabase(INTO);
            }
            VerifyWorkflow verify = client.newWorkflowStub(VerifyWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue).setWorkflowId("bench-drill-verify-" + stamp + "-" + run).build());
            RestoreWorkflow restore = client.newWorkflowStub(RestoreWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue).setWorkflowId("bench-drill-restore-" + stamp + "-" + run).build());
            long start = System.nanoTime();
            verify.verify(new VerifyRequest(backup.backupId(), true, "bench"));
            double verified = (System.nanoTime() - start) / 1e9;
            restore.restore(new RestoreRequest(TargetRef.of(TARGET), backup.backupId(), INTO, false, false, null,
                "bench", null, false));
            double s = (System.nanoTime() - start) / 1e9;
            baselineTimes.add(s);
            System.out.printf(Locale.ROOT, "  run %d verify+restore %6.2f s  (verify %.2f: %s; restore %.2f: %s)%n",
                run + 1, s, verified, Runs.steps(verify.progress()), s - verified, Runs.steps(restore.progress()));
            stack.postgres().dropDatabase(INTO);
          } else {
            String drillId = DrillWorkflow.drillId(TARGET, Instant.now());
            DrillWorkflow drill = client.newWorkflowStub(DrillWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue).setWorkflowId(drillId).build());
            long start = System.nanoTime();
            DrillResult result = drill.drill(new DrillRequest(null, TARGET, Map.of(), "bench", "benchmark", false,
                null));
            double s = (System.nanoTime() - start) / 1e9;
            drillTimes.add(s);
            Map<String, Double> steps = stepsOf(result.report(), s);
            steps.forEach((name, seconds) -> drillSteps.computeIfAbsent(name, k -> new ArrayList<>()).add(seconds));
            System.out.printf(Locale.ROOT, "  run %d drill          %6.2f s  (%s; %s)%n", run + 1, s, describe(steps),
                result.report().verdict());
          }
        }
      }
      double baseline = Runs.median(baselineTimes);
      double drill = Runs.median(drillTimes);
      Map<String, Double> medians = new LinkedHashMap<>();
      drillSteps.forEach((name, times) -> medians.put(name, Runs.median(times)));
      System.out.printf(Locale.ROOT, "median: verify+restore %.2f s, drill %.2f s; drill/(verify+restore) = %.2f"
          + " (target <= 1.5); the drill's steps (medians): %s%n", baseline, drill, drill / baseline, describe(medians));
      worker.stop();
      temporal.stop();
    }
  }

  /**
   * Where a drill's time went, from its report: planning (before the first step), each step, then
   * tearing down (the last rehearsal step's end to the report's end: the report records the
   * teardown's moment, not its length) and storing the report and the run (the rest of the wall time).
   */
  private static Map<String, Double> stepsOf(DrillReport report, double wallSeconds) {
    Map<String, Double> steps = new LinkedHashMap<>();
    Instant lastEnd = null;
    for (DrillReport.Step step : report.steps()) {
      if (steps.isEmpty()) {
        steps.put("plan", seconds(report.startedAt(), step.startedAt()));
      }
      if (step.startedAt() != null && step.endedAt() != null && !step.name().startsWith("tear down")) {
        steps.put(step.name(), seconds(step.startedAt(), step.endedAt()));
        lastEnd = step.endedAt();
      }
    }
    steps.put("tear down", seconds(lastEnd, report.endedAt()));
    steps.put("report and record", wallSeconds - seconds(report.startedAt(), report.endedAt()));
    return steps;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static String describe(Map<String, Double> steps) {
    List<String> parts = new ArrayList<>();
    steps.forEach((name, seconds) -> parts.add(String.format(Locale.ROOT, "%s %.1f", name, seconds)));
    return String.join(", ", parts);
  }

  /** Lets the postgres OS user reach the scratch directory, as the drill's initdb runs as that user when root. */
  private static void openForPostgres(Path dir) throws Exception {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
