package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.manifest.Sha256;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.drill.DrillReport;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.DrillResult;
import io.lifeboat.workflows.drill.DrillWorkflow;
import io.lifeboat.worker.demo.DatabaseFingerprint;
import io.lifeboat.worker.embedded.FreePorts;
import io.temporal.client.WorkflowFailedException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code full-system-restore} runbook drilled on the real Temporal dev server, with the
 * real worker, S3Proxy, PostgreSQL, redis-server and files: two databases, a file set and a Redis
 * server are restored into a scratch environment the drill creates (initdb, redis-server,
 * directories), migrations and health checks run there, services and traffic are recorded. The
 * report measures RTO and RPO; production is byte-for-byte unchanged (full dumps, file hashes,
 * Redis digest); nothing is left behind. A second drill, of a corrupted backup, fails and says
 * which object.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DrillEndToEndTest {
  private static final Pattern ADDRESS = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

  @TempDir static Path dir;
  private LifeboatStack stack;
  private int redisPort;
  private Path uploads;
  private Path scratchRoot;
  private Path migrations;
  private final Map<String, BackupResult> backups = new TreeMap<>();

  @BeforeAll
  void start() throws Exception {
    redisPort = FreePorts.any();
    Path redisData = Files.createDirectories(dir.resolve("redis-data"));
    String startRedis = "redis-server --port " + redisPort + " --bind 127.0.0.1 --dir " + redisData
        + " --dbfilename dump.rdb --save '' --appendonly no --daemonize yes --pidfile "
        + redisData.resolve("redis.pid") + " --logfile " + redisData.resolve("redis.log") + " --enable-debug-command yes";
    sh(startRedis);
    awaitRedis();
    redis("SET session:1 alice\nSET session:2 bob\nHSET cart:1 apples 3 pears 2\nRPUSH queue a b c\n");
    uploads = Files.createDirectories(dir.resolve("uploads"));
    Files.writeString(uploads.resolve("invoice 1.txt"), "total: 40 EUR\n");
    Files.createDirectories(uploads.resolve("photos"));
    Files.write(uploads.resolve("photos/ü-cat.bin"), new byte[] {1, 2, 3, 4, 5});
    migrations = Files.createDirectories(dir.resolve("migrations"));
    Files.writeString(migrations.resolve("001_drilled.sql"),
        "ALTER TABLE items ADD COLUMN drilled boolean NOT NULL DEFAULT true;\n");
    scratchRoot = dir.resolve("drills");
    // the scratch PostgreSQL server runs as the postgres user, which must reach the scratch directory
    Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    stack = LifeboatStack.start(dir, List.of("orders", "accounts"), """
          uploads:
            kind: files
            paths: [%s]
            rpo: 1h
            rto: 15m
          sessions:
            kind: redis
            host: 127.0.0.1
            port: %d
            sampleKeys: 10
            scratchDirectory: %s
            restore:
              rdbPath: %s
              stopCommand: "redis-cli -p %d shutdown nosave"
              startCommand: "%s"
              startTimeout: 30s
            rpo: 1h
            rto: 15m
        """.formatted(uploads, redisPort, Files.createDirectories(dir.resolve("redis-scratch")),
            redisData.resolve("dump.rdb"), redisPort, startRedis),
        "drills:\n  scratchDirectory: " + scratchRoot + "\n");
    execute("orders", "CREATE TABLE items (id int PRIMARY KEY, name text); INSERT INTO items"
        + " SELECT i, 'item ' || i FROM generate_series(1, 40) i");
    execute("accounts", "CREATE TABLE users (id int PRIMARY KEY, email text); INSERT INTO users"
        + " SELECT i, 'u' || i || '@example.com' FROM generate_series(1, 7) i");
    for (String target : List.of("orders", "accounts", "uploads", "sessions")) {
      backups.put(target, stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(target))
          .backup(new BackupRequest(target, "before the drill", "test")));
    }
  }

  @AfterAll
  void stop() throws Exception {
    try {
      sh("redis-cli -p " + redisPort + " shutdown nosave || true");
    } finally {
      if (stack != null) {
        stack.close();
      }
    }
  }

  @Test
  @Order(1)
  void aDrillOfTheSiteRunbookTouchesNothingRealAndMeasuresWhatARecoveryWouldAchieve() throws Exception {
    Production before = production();
    String drillId = DrillWorkflow.drillId("full-system-restore", Instant.now());

    DrillResult result = stack.workflow(DrillWorkflow.class, drillId).drill(new DrillRequest("full-system-restore",
        null, Map.of("migrations", migrations.toString()), "alice", "quarterly rehearsal", false, null));

    DrillReport report = result.report();
    assertThat(report.passed()).as(report.verdict()).isTrue();
    assertThat(report.verdict()).startsWith("passed: RTO ");
    assertThat(report.achievedRtoMillis()).isPositive().isLessThan(report.rtoObjectiveMillis());
    assertThat(report.achievedRpoMillis()).isPositive().isLessThan(report.rpoObjectiveMillis());
    assertThat(report.targets()).extracting(DrillReport.Target::target, DrillReport.Target::backupId,
            DrillReport.Target::rpoMet)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("orders", backups.get("orders").backupId(), true),
            org.assertj.core.groups.Tuple.tuple("accounts", backups.get("accounts").backupId(), true),
            org.assertj.core.groups.Tuple.tuple("uploads", backups.get("uploads").backupId(), true),
            org.assertj.core.groups.Tuple.tuple("sessions", backups.get("sessions").backupId(), true));
    assertThat(report.checks()).allMatch(DrillReport.Check::passed).extracting(DrillReport.Check::what)
        .contains("row counts", "file hashes", "sampled keys", "health check");
    assertThat(report.steps()).filteredOn(s -> s.state().equals("recorded")).extracting(DrillReport.Step::name)
        .containsExactlyInAnyOrder("announce", "stop standby services", "redirect traffic", "start standby services",
            "service back", "announce recovery");
    assertThat(step(report, "redirect traffic").detail())
        .isEqualTo("drill: would switch app from primary to standby (haproxy /run/haproxy/admin.sock)");
    assertThat(step(report, "approval").detail()).contains("approved by drill:" + drillId);
    assertThat(step(report, "migrate orders").state()).isEqualTo("done");

    assertThat(production()).as("production, byte for byte").isEqualTo(before);
    assertNothingLeft(report);
    Path html = stack.storedFile("backups/" + DrillReport.key(drillId, "html"));
    Path markdown = stack.storedFile("backups/" + DrillReport.key(drillId, "md"));
    assertThat(Files.readString(markdown)).contains(drillId).contains("| stop standby services |");
    Files.createDirectories(Path.of("target"));
    Files.copy(markdown, Path.of("target/drill-report.md"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    JsonNode seen = openInBrowser(html);
    assertThat(seen.path("firstLines").toString()).as(seen.toString()).contains("PASSED");
    assertThat(seen.path("text").asText()).contains("redirect traffic").contains("drill: would switch app")
        .contains(backups.get("sessions").backupId());
    assertThat(seen.path("externalRequests")).as("a self-contained page").isEmpty();
    assertThat(stack.catalog.drills("sessions", 10)).singleElement()
        .satisfies(drill -> assertThat(drill.passed()).isTrue());
    assertThat(stack.catalog.findBackup(backups.get("orders").backupId()).orElseThrow().verifiedAt())
        .as("a passing drill verified what it restored").isNotNull();
  }

  @Test
  @Order(2)
  void aDrillOfACorruptedBackupFailsAndItsReportSaysWhichObject() throws Exception {
    String dump = backups.get("accounts").manifestKey().replace("manifest.json", "dump.zst.pgp");
    Path stored = stack.storedFile(dump);
    try (RandomAccessFile file = new RandomAccessFile(stored.toFile(), "rw")) {
      long middle = file.length() / 2;
      file.seek(middle);
      int b = file.read();
      file.seek(middle);
      file.write(b ^ 0x01);
    }
    Production before = production();
    String drillId = DrillWorkflow.drillId("full-system-restore", Instant.now());

    assertThatThrownBy(() -> stack.workflow(DrillWorkflow.class, drillId).drill(new DrillRequest(
        "full-system-restore", null, Map.of("migrations", migrations.toString()), "alice", null, false, null)))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> {
          assertThat(Failures.type(e)).isEqualTo(DrillWorkflow.DRILL_FAILED);
          assertThat(Failures.message(e.getCause())).contains("restore accounts").contains("dump.zst.pgp");
        });

    String json = Files.readString(stack.storedFile("backups/" + DrillReport.key(drillId, "json")));
    assertThat(json).contains("\"passed\" : false").contains("dump.zst.pgp");
    assertThat(production()).isEqualTo(before);
    assertThat(stack.catalog.drills("accounts", 10)).first()
        .satisfies(drill -> assertThat(drill.passed()).isFalse());
    assertThat(children(scratchRoot)).as("nothing left under " + scratchRoot).isEmpty();
  }

  /** Opens the HTML report in headless chromium; leaves a screenshot at target/drill-report.png. */
  private static JsonNode openInBrowser(Path html) throws Exception {
    Path out = dir.resolve("drill-report.json");
    Path err = dir.resolve("drill-report.log");
    Process node;
    try {
      node = new ProcessBuilder("node", "src/test/js/drill-report.mjs", html.toString(), "target/drill-report.png")
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    } catch (java.io.IOException e) {
      throw new AssertionError("this test needs Node.js 20+ on the PATH, and deploy/install-tools.sh run after it", e);
    }
    if (!node.waitFor(2, TimeUnit.MINUTES)) {
      node.destroyForcibly().waitFor();
      throw new AssertionError("the browser did not finish within 2 minutes:\n" + Files.readString(err));
    }
    if (node.exitValue() != 0) {
      throw new AssertionError("the browser could not open " + html + " (exit " + node.exitValue() + "):\n"
          + Files.readString(err));
    }
    return new ObjectMapper().readTree(out.toFile());
  }

  private static DrillReport.Step step(DrillReport report, String name) {
    return report.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /** No directory, no process, no listening port of the drill's scratch environment. */
  private void assertNothingLeft(DrillReport report) throws Exception {
    assertThat(children(scratchRoot)).as("nothing left under " + scratchRoot).isEmpty();
    List<Integer> ports = new ArrayList<>();
    for (String place : report.scratch()) {
      Matcher matcher = ADDRESS.matcher(place);
      while (matcher.find()) {
        ports.add(Integer.parseInt(matcher.group(1)));
      }
    }
    assertThat(ports).as("the scratch servers' ports, from " + report.scratch()).hasSize(2);
    for (int port : ports) {
      try (Socket socket = new Socket()) {
        assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", port), 500))
            .as("port %d closed", port).isInstanceOf(java.io.IOException.class);
      }
    }
    Shell.Result processes = Shell.exec(List.of("pgrep", "-f", scratchRoot.toString()));
    assertThat(processes.output()).as("processes of the drill").isBlank();
  }

  private static List<Path> children(Path directory) throws Exception {
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(directory)) {
      return list.toList();
    }
  }

  /** Everything the drill must not change: full dumps of both databases, every file, the Redis data. */
  private record Production(DatabaseFingerprint orders, DatabaseFingerprint accounts, Map<String, String> files,
      String redisDigest) {}

  private Production production() throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(uploads)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(uploads.relativize(file).toString(), Sha256.of(Files.readAllBytes(file)));
      }
    }
    return new Production(DatabaseFingerprint.of(stack.server(), "orders"),
        DatabaseFingerprint.of(stack.server(), "accounts"), files, redis("DEBUG DIGEST").strip());
  }

  private void execute(String database, String sql) throws Exception {
    try (Connection db = stack.embedded.postgres().connect(database); Statement statement = db.createStatement()) {
      statement.execute(sql);
    }
  }

  private String redis(String commands) throws Exception {
    Process process = new ProcessBuilder("redis-cli", "-p", String.valueOf(redisPort)).redirectErrorStream(true).start();
    process.getOutputStream().write(commands.getBytes());
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes());
    process.waitFor();
    return out;
  }

  private void awaitRedis() throws Exception {
    for (int i = 0; i < 100; i++) {
      if (redis("PING\n").contains("PONG")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("redis-server did not answer on port " + redisPort);
  }

  private static void sh(String command) throws Exception {
    Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(command + " failed: " + out);
    }
  }
}
