package io.lifeboat.bench;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tenant restore, side by side in one run: the break-glass baseline
 * {@code gpg -d dump.zst.pgp | zstd -d | pg_restore --single-transaction} of a tenant's schema
 * dump into an empty database, against Lifeboat's RestoreWorkflow of that tenant into the live
 * database (checksum, safety backup of the live schema, restore through a scratch database,
 * copy beside the live schema, row counts, swap, check, drop the old schema), over the same
 * backup. Run with {@code bench/run tenant}.
 */
public final class TenantRestoreBenchmark {
  private static final String TENANT = "tenant_big";

  private int sizeMb = 200;
  private int runs = 3;
  private final Path folder = Path.of("bench/target/tenant");

  public static void main(String[] args) throws Exception {
    TenantRestoreBenchmark benchmark = new TenantRestoreBenchmark();
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--size-mb" -> benchmark.sizeMb = Integer.parseInt(args[i + 1]);
        case "--runs" -> benchmark.runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; see bench/run --help");
      }
    }
    benchmark.run();
    System.exit(0); // the embedded services' threads are not daemons
  }

  private void run() throws Exception {
    try (EmbeddedStack stack = EmbeddedStack.start(folder.resolve("stack"), folder.resolve("keys"), 0, 0)) {
      String database = "tenants" + sizeMb;
      if (!stack.postgres().databaseExists(database)) {
        System.out.printf("creating a %d MB tenant in a sample database (once; kept in %s)%n", sizeMb, folder);
        stack.postgres().createDatabase(database);
        try (Connection db = stack.postgres().connect(database); Statement sql = db.createStatement()) {
          createTenant(sql, TENANT, sizeMb);
          createTenant(sql, "tenant_small", 5);
        } catch (Exception e) {
          stack.postgres().dropDatabase(database); // never benchmark a half-made database next time
          throw e;
        }
      }
      stack.declareTargets(List.of(new EmbeddedStack.Target("bench", database, "1h", "1h")));
      LifeboatConfiguration config = LifeboatConfigLoader.load(stack.configFile());
      // it measures the restore that replaces the tenant, not how long a second person takes to approve it
      config.getTargets().get("bench").setReplaceApproval(TargetConfig.ReplaceApproval.NONE);
      LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry());
      worker.start();
      TemporalConnection temporal = TemporalConnection.open(config.getTemporal());
      WorkflowClient client = temporal.client();
      String taskQueue = config.getTemporal().getTaskQueue();
      long tenantBytes;
      try (Connection db = stack.postgres().connect(database); Statement sql = db.createStatement();
          ResultSet rs = sql.executeQuery("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
              + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = '" + TENANT + "'")) {
        rs.next();
        tenantBytes = rs.getLong(1);
      }
      BackupResult backup = client.newWorkflowStub(BackupWorkflow.class, WorkflowOptions.newBuilder()
              .setTaskQueue(taskQueue).setWorkflowId(BackupWorkflow.workflowId("bench", TENANT)).build())
          .backup(new BackupRequest("bench", "benchmark", "bench", TENANT));
      Path dump = stack.home().resolve("s3").resolve(EmbeddedStack.BUCKET)
          .resolve(backup.manifestKey().replace("manifest.json", "dump.zst.pgp"));
      Path gnupgHome = Files.createTempDirectory("bench-gnupg");
      Bash.run(gnupgHome, "gpg --batch --quiet --import " + folder.resolve("keys/backup.sec.asc"));
      String scratch = "bench_break_glass";
      String shell = "gpg --batch --quiet --decrypt " + dump + " | zstd -d -q | pg_restore -h 127.0.0.1 -p "
          + stack.postgres().port() + " -U postgres --exit-on-error --single-transaction -d " + scratch;

      System.out.printf(Locale.ROOT, "tenant %s: %.0f MB on disk, dump %.0f MB, %.0f MB stored; %d runs,"
          + " alternating order%n", TENANT, tenantBytes / 1e6, backup.rawBytes() / 1e6, backup.storedBytes() / 1e6, runs);
      List<Double> shellTimes = new ArrayList<>();
      List<Double> lifeboatTimes = new ArrayList<>();
      for (int run = 0; run < runs; run++) {
        for (int side = 0; side < 2; side++) {
          if ((side == 0) == (run % 2 == 0)) {
            stack.postgres().dropDatabase(scratch);
            stack.postgres().createDatabase(scratch);
            long start = System.nanoTime();
            Bash.run(gnupgHome, shell);
            double s = (System.nanoTime() - start) / 1e9;
            shellTimes.add(s);
            System.out.printf(Locale.ROOT, "  run %d shell     %6.2f s%n", run + 1, s);
          } else {
            RestoreWorkflow restore = client.newWorkflowStub(RestoreWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(taskQueue).setWorkflowId(RestoreWorkflow.schemaWorkflowId("bench", TENANT)).build());
            long start = System.nanoTime();
            restore.restore(new RestoreRequest("bench", backup.backupId(), null, true, null, "bench", TENANT));
            double s = (System.nanoTime() - start) / 1e9;
            lifeboatTimes.add(s);
            System.out.printf(Locale.ROOT, "  run %d lifeboat  %6.2f s  (%s)%n", run + 1, s, Runs.steps(restore.progress()));
          }
        }
      }
      stack.postgres().dropDatabase(scratch);
      double shellMedian = Runs.median(shellTimes);
      double lifeboatMedian = Runs.median(lifeboatTimes);
      System.out.printf(Locale.ROOT, "median: shell %.2f s, lifeboat %.2f s; lifeboat/shell wall time = %.2f%n",
          shellMedian, lifeboatMedian, lifeboatMedian / shellMedian);
      worker.stop();
      temporal.stop();
    }
  }

  /** Rows of about 1 kB: a tenant of {@code sizeMb} MB in one table with an index. */
  private static void createTenant(Statement sql, String schema, int sizeMb) throws Exception {
    sql.execute("CREATE SCHEMA " + schema);
    sql.execute("CREATE TABLE " + schema + ".events (id bigserial PRIMARY KEY, at timestamptz NOT NULL,"
        + " kind text NOT NULL, payload text NOT NULL)");
    sql.execute("INSERT INTO " + schema + ".events (at, kind, payload) SELECT now() - g * interval '1 second',"
        + " 'kind-' || (g % 17), repeat(md5(g::text), 30) FROM generate_series(1, " + sizeMb * 1000 + ") g");
    sql.execute("CREATE INDEX ON " + schema + ".events (at)");
  }
}
