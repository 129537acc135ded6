package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.api.auth.AuditTrail;
import io.lifeboat.api.temporal.PayloadEncryption;
import io.lifeboat.api.temporal.SummariesInClear;
import io.lifeboat.catalog.AuditEntry;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.runbooks.RunbookParser;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.demo.DatabaseFingerprint;
import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.worker.embedded.EmbeddedS3;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.replication.ReplicationRequest;
import io.lifeboat.workflows.replication.ReplicationWorkflow;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Losing Lifeboat's own host, against the real thing (Temporal dev server, S3Proxy, PostgreSQL):
 * a backup verified, copied off site and restored by a runbook, with its audit trail; then the
 * catalog database is wiped and the worker gone. A new host fetches the site's record from the
 * bucket (the CLI in a JVM of its own), gets its secrets from elsewhere, rebuilds the catalog
 * (the CLI again) on a new Temporal namespace, and finds every backup, verification, copy, run and
 * audit event as it was; a runbook then restores the database from the rebuilt catalog.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CatalogRebuildEndToEndTest {
  private static final String TARGET = "site";
  private static final String OFFSITE_BUCKET = "lifeboat-offsite";
  private static final String RUNBOOK = """
      name: site-restore
      description: Put the site database back from its latest backup.
      objectives:
        rto: 15m
      steps:
        - name: restore database
          type: restore
          with: {target: site, database: site}
          timeout: 2m
      """;

  @TempDir Path dir;

  @Test
  void aNewHostRebuildsTheCatalogFromTheBucketAndRestoresTheSite() throws Exception {
    try (LifeboatStack stack = LifeboatStack.start(dir, List.of(TARGET), false)) {
      Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
      Files.writeString(runbooks.resolve("site-restore.yml"), RUNBOOK);
      Path configFile = stack.embedded.configFile();
      Files.writeString(configFile, withCopiesAndRunbooks(Files.readString(configFile), stack, runbooks));
      try (Connection db = stack.embedded.postgres().connect(TARGET)) {
        SampleDatabase.create(db, 1);
      }
      DatabaseFingerprint source = DatabaseFingerprint.of(stack.server(), TARGET);

      LifeboatWorker worker = new LifeboatWorker(LifeboatConfigLoader.load(configFile), new MetricRegistry());
      worker.start();
      try {
        BackupResult backup = stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(TARGET))
            .backup(new BackupRequest(TARGET, "before the move", "tester"));
        stack.workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(backup.backupId()))
            .verify(new VerifyRequest(backup.backupId(), false, "tester"));
        stack.workflow(ReplicationWorkflow.class, ReplicationWorkflow.workflowId(backup.backupId()))
            .replicate(new ReplicationRequest(backup.backupId(), false, "tester"));
        AuditTrail audit = new AuditTrail(stack.catalog, Clock.systemUTC());
        audit.requireRecorded("alice", "start", "site-restore", "drill", "params {}");
        RunbookProgress run = runRunbook(stack.client(), stack.config.getTemporal().getTaskQueue(), "alice");
        audit.record("alice", "start", run.workflowId(), "site-restore", null, "drill", AuditEntry.ACCEPTED, "params {}");
        assertThat(run.status()).isEqualTo(RunbookProgress.Status.SUCCEEDED);
        assertThat(DatabaseFingerprint.of(stack.server(), TARGET)).isEqualTo(source);
        worker.publishSite(configFile);
        worker.flushBucketRecords();
        assertThat(stack.catalog.pendingBucketWriteCount()).isZero();
      } finally {
        worker.stop(); // the host is lost
      }

      Map<String, List<String>> before = snapshot(stack);
      assertThat(before.get("backups")).hasSizeGreaterThanOrEqualTo(1);
      assertThat(before.get("backups").toString()).contains("verified_at=20");
      assertThat(before.get("backup_copies")).hasSize(1);
      assertThat(before.get("runs")).hasSizeGreaterThanOrEqualTo(4); // backup, verify, replication, runbook, restore
      assertThat(before.get("audit")).hasSize(2);
      try (Connection catalog = stack.embedded.postgres().connect(EmbeddedStack.CATALOG_DATABASE);
          Statement sql = catalog.createStatement()) {
        sql.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
      }

      // The new host: the site's record from the bucket, the secrets from the operator's store.
      Path newHost = dir.resolve("new-host");
      Cli fetch = cli(Map.of("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", EmbeddedS3.SECRET_KEY),
          "site", "fetch", "--endpoint", stack.config.getStorage().getEndpoint().toString(), "--bucket",
          stack.config.getStorage().getBucket(), "--prefix", stack.config.getStorage().getPrefix(), "--to",
          newHost.toString());
      assertThat(fetch.code()).as(fetch.toString()).isZero();
      String fetched = Files.readString(newHost.resolve("lifeboat.yml"));
      assertThat(fetched).doesNotContain(EmbeddedS3.SECRET_KEY).contains("<redacted>");
      assertThat(newHost.resolve("runbooks/site-restore.yml")).hasContent(RUNBOOK);
      assertThat(newHost.resolve("keys")).isNotEmptyDirectory();
      assertThat(Files.list(newHost.resolve("keys")).map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains(".sec"));
      String namespace = SharedTemporal.newNamespace();
      Path newConfig = newHost.resolve("lifeboat.yml");
      Files.writeString(newConfig, fetched
          .replaceAll("accessKey: .*<redacted>.*", "accessKey: " + EmbeddedS3.ACCESS_KEY)
          .replaceAll("secretKey: .*<redacted>.*", "secretKey: " + EmbeddedS3.SECRET_KEY)
          .replaceAll("key: .*<redacted>.*", "key: " + stack.config.getTemporal().getPayloadKeys().get(0).getKey())
          .replace("namespace: " + stack.embedded.namespace(), "namespace: " + namespace));

      Cli rebuild = cli(Map.of(), "catalog", "rebuild", "--config", newConfig.toString());
      assertThat(rebuild.code()).as(rebuild.toString()).isZero();
      assertThat(rebuild.out()).contains("1 off-site copies", "2 audit events");
      assertThat(snapshot(stack)).isEqualTo(before);
      Cli verify = cli(Map.of(), "audit", "verify", "--config", newConfig.toString());
      assertThat(verify.out()).as(verify.toString()).contains("audit chain intact: 2 events");

      // The site is lost too; a runbook restores it from the rebuilt catalog, on the new Temporal namespace.
      try (Connection db = stack.embedded.postgres().connect(TARGET); Statement sql = db.createStatement()) {
        sql.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
      }
      LifeboatConfiguration config = LifeboatConfigLoader.load(newConfig);
      LifeboatWorker newWorker = new LifeboatWorker(config, new MetricRegistry());
      newWorker.start();
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
          .setTarget(config.getTemporal().getTarget()).build());
      try {
        WorkflowClient client = WorkflowClient.newInstance(stubs,
            io.temporal.client.WorkflowClientOptions.newBuilder().setNamespace(namespace)
                .setDataConverter(SummariesInClear.around(PayloadEncryption.of(config.getTemporal().getPayloadKeys())))
                .build());
        RunbookProgress recovery = runRunbook(client, config.getTemporal().getTaskQueue(), "bob");
        assertThat(recovery.status()).as(String.valueOf(recovery.error())).isEqualTo(RunbookProgress.Status.SUCCEEDED);
        assertThat(DatabaseFingerprint.of(stack.server(), TARGET)).isEqualTo(source);
      } finally {
        newWorker.stop();
        stubs.shutdown();
      }
    }
  }

  private static RunbookProgress runRunbook(WorkflowClient client, String taskQueue, String by) throws Exception {
    Runbook runbook = RunbookParser.parse("site-restore.yml", RUNBOOK);
    RunbookWorkflow workflow = client.newWorkflowStub(RunbookWorkflow.class, WorkflowOptions.newBuilder()
        .setTaskQueue(taskQueue).setWorkflowId("runbook:site-restore:" + System.nanoTime()).build());
    return workflow.run(new RunbookRequest(runbook, Map.of(), by));
  }

  /** The catalog tables rebuild brings back, each row as column=value text, order ignored. */
  private static Map<String, List<String>> snapshot(LifeboatStack stack) throws Exception {
    Map<String, List<String>> tables = new TreeMap<>();
    try (Connection catalog = stack.embedded.postgres().connect(EmbeddedStack.CATALOG_DATABASE);
        Statement sql = catalog.createStatement()) {
      for (String table : List.of("backups", "backup_copies", "runs", "audit")) {
        TreeSet<String> rows = new TreeSet<>();
        try (ResultSet rs = sql.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData columns = rs.getMetaData();
          while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int c = 1; c <= columns.getColumnCount(); c++) {
              row.append(columns.getColumnName(c)).append('=').append(rs.getString(c)).append(' ');
            }
            rows.add(row.toString());
          }
        }
        tables.put(table, new ArrayList<>(rows));
      }
    }
    return tables;
  }

  /** The configuration with an off-site copy location (another bucket of the same S3Proxy) and a runbooks folder. */
  private static String withCopiesAndRunbooks(String yaml, LifeboatStack stack, Path runbooks) {
    String copies = """
          copies:
            - name: offsite
              endpoint: %s
              bucket: %s
              prefix: backups
              accessKey: %s
              secretKey: %s
              pathStyle: true
              afterEachBackup: false
        """.formatted(stack.config.getStorage().getEndpoint(), OFFSITE_BUCKET, EmbeddedS3.ACCESS_KEY,
        EmbeddedS3.SECRET_KEY);
    return yaml.replace("  uploadConcurrency: 4\n", "  uploadConcurrency: 4\n" + copies)
        + "runbooks:\n  folder: " + runbooks + "\n";
  }

  private record Cli(int code, String out, String err) {}

  private static Cli cli(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder builder = LifeboatProcess.builder("256m", args);
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    String err = new String(process.getErrorStream().readAllBytes());
    process.waitFor();
    return new Cli(process.exitValue(), out, err);
  }
}
