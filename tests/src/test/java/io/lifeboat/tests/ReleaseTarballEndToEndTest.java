package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.worker.embedded.EmbeddedS3;
import io.lifeboat.worker.embedded.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as an operator gets it: the tarball this build packaged, unpacked, its own
 * {@code deploy/lifeboat.example.yml} edited to local services (a private PostgreSQL 15 for the
 * catalog and the {@code shop} target, S3Proxy for the bucket, the Temporal dev server in a
 * namespace of its own), {@code bin/lifeboat server} started from the unpacked tree, then a backup,
 * and a restore that replaces the data, approved by a second person, all through the tarball's
 * launcher. Only the tarball's files run Lifeboat: the services around it are the test's.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReleaseTarballEndToEndTest {
  private static final String ALICE = "alice-release-token-0123456789";
  private static final String BOB = "bob-release-token-0123456789";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  /** What a finished launcher left: its exit code and both streams. */
  record Cli(int exit, String out, String err) {}

  @AfterEach
  void stopServer() throws Exception {
    for (Process process : processes) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  void theTarballAloneStartsOnTheEditedExampleAndBacksUpAndRestores() throws Exception {
    SharedTemporal.requireRealServer();
    Path release = ReleaseTarball.unpack(dir.resolve("opt"));
    try (PrivateCluster postgres = PrivateCluster.create(dir.resolve("pg"), List.of());
        EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), FreePorts.any())) {
      postgres.start();
      postgres.execute("CREATE DATABASE lifeboat");
      postgres.execute("CREATE DATABASE shop");
      shop(postgres, "CREATE TABLE orders (id int PRIMARY KEY, item text NOT NULL);"
          + " INSERT INTO orders SELECT n, 'item ' || n FROM generate_series(1, 500) n");
      int apiPort = FreePorts.any();
      String api = "http://127.0.0.1:" + apiPort;
      Path config = editedExample(release, postgres, apiPort);
      Map<String, String> env = environment(s3);

      Process server = start(release, env, dir.resolve("server.log"), "server", config.toString());
      awaitApi(server, api);
      Cli backup = cli(release, env, "backup", "shop", "--reason", "release test", "--api", api, "--token", ALICE);
      shop(postgres, "DELETE FROM orders WHERE id > 10"); // the incident
      Cli restore = cli(release, env, "restore", "latest", "--target", "shop", "--replace", "--detach", "--json",
          "--api", api, "--token", ALICE);
      String runId = JSON.readTree(restore.out()).path("runId").asText();
      JsonNode waiting = awaitRun(api, runId, run -> approval(run).path("status").asText().equals("RUNNING"));
      int rowsWhileWaiting = count(postgres);
      Cli approve = cli(release, env, "restore", "approve", runId, "--reason", "checked: the release test",
          "--api", api, "--token", BOB);
      JsonNode done = awaitRun(api, runId, run -> !run.path("status").asText().equals("RUNNING"));

      assertThat(server.info().arguments().map(List::of).orElse(List.of()))
          .as("the server runs the tarball's jars").contains(release.resolve("lib") + "/*");
      assertThat(backup.exit()).as(backup.toString()).isZero();
      assertThat(backup.out()).contains("backup started: run backup:shop");
      try (var stored = Files.walk(dir.resolve("s3/acme-lifeboat/prod/shop"))) {
        assertThat(stored.map(f -> f.getFileName().toString())).as("in the example's bucket and prefix")
            .filteredOn("manifest.json"::equals).hasSize(2); // the backup and the restore's safety backup
      }
      assertThat(restore.exit()).as(restore.toString()).isZero();
      assertThat(approval(waiting).path("detail").asText()).contains("waiting for approval by a second person");
      assertThat(rowsWhileWaiting).as("the live data while the restore waits").isEqualTo(10);
      assertThat(approve.exit()).as(approve.toString()).isZero();
      assertThat(approve.out()).startsWith("approve accepted");
      assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
      assertThat(count(postgres)).as("the backup's rows are back").isEqualTo(500);
      assertThat(query(postgres, "SELECT string_agg(item, ',' ORDER BY id) FROM orders WHERE id IN (1, 250, 500)"))
          .isEqualTo("item 1,item 250,item 500");
    }
  }

  /**
   * The tarball's example configuration with what names the operator's services pointed at this
   * test's: addresses, the shop target's server, keys and tokens. What needs services the test does
   * not run goes (off-site copies, Object Lock and storage tiers S3Proxy lacks, notifications, the
   * hooks' shop admin endpoints, the cluster target's WAL receiver, destinations), and the shop's
   * schedules too, so that no nightly backup starts in the middle of the restore.
   */
  private Path editedExample(Path release, PrivateCluster postgres, int apiPort) throws Exception {
    ObjectNode config = (ObjectNode) YAML.readTree(release.resolve("deploy/lifeboat.example.yml").toFile());
    ((ObjectNode) config.at("/server/applicationConnectors/0")).put("port", apiPort);
    ((ObjectNode) config.at("/server/adminConnectors/0")).put("port", 0);
    ((ObjectNode) config.path("temporal")).put("namespace", SharedTemporal.newNamespace());
    ObjectNode storage = (ObjectNode) config.path("storage");
    storage.put("pathStyle", true).remove(List.of("objectLock", "tiers", "copies"));
    Path keys = Files.createDirectories(dir.resolve("keys"));
    OpenPgpKeys.generate("backups (release test)", keys.resolve("backup.pub.asc"), keys.resolve("backup.sec.asc"));
    OpenPgpKeys.generate("manifests (release test)", keys.resolve("signing.pub.asc"), keys.resolve("signing.sec.asc"));
    ObjectNode encryption = (ObjectNode) config.path("encryption");
    encryption.set("recipients", JSON.createArrayNode().add(keys.resolve("backup.pub.asc").toString()));
    encryption.put("signingKey", keys.resolve("signing.sec.asc").toString());
    encryption.set("verificationKeys", JSON.createArrayNode().add(keys.resolve("signing.pub.asc").toString()));
    ((ObjectNode) config.path("catalog")).put("url", "jdbc:postgresql://127.0.0.1:" + postgres.port + "/lifeboat")
        .put("user", PrivateCluster.OS_USER);
    ArrayNode tokens = JSON.createArrayNode();
    tokens.addObject().put("tokenSha256", sha256(ALICE)).put("principal", "alice").putArray("roles").add("operator");
    tokens.addObject().put("tokenSha256", sha256(BOB)).put("principal", "bob").putArray("roles").add("approver");
    ((ObjectNode) config.path("auth")).set("tokens", tokens);
    config.remove(List.of("notifications", "destinations"));
    ObjectNode targets = (ObjectNode) config.path("targets");
    targets.remove("main-cluster");
    ((ObjectNode) targets.path("shop")).put("host", "127.0.0.1").put("port", postgres.port)
        .put("user", PrivateCluster.OS_USER).put("sslMode", "disable").remove(List.of("schedules", "hooks"));
    Path file = dir.resolve("etc/lifeboat.yml");
    Files.createDirectories(file.getParent());
    YAML.writeValue(file.toFile(), config);
    return file;
  }

  /** What the example's ${VAR}s read, and what the launcher needs: nothing else of the test JVM's. */
  private Map<String, String> environment(EmbeddedS3 s3) throws Exception {
    byte[] payloadKey = new byte[32];
    new SecureRandom().nextBytes(payloadKey);
    return Map.ofEntries(
        Map.entry("PATH", System.getenv("PATH")),
        Map.entry("HOME", dir.resolve("home").toString()),
        Map.entry("JAVA_HOME", System.getProperty("java.home")),
        Map.entry("LIFEBOAT_HOME", Files.createDirectories(dir.resolve("state")).toString()),
        Map.entry("LIFEBOAT_JAVA_OPTS", "-Xmx384m"),
        Map.entry("TEMPORAL_TARGET", SharedTemporal.server().target()),
        Map.entry("LIFEBOAT_PAYLOAD_KEY", Base64.getEncoder().encodeToString(payloadKey)),
        Map.entry("S3_ENDPOINT", s3.endpoint().toString()),
        Map.entry("S3_ACCESS_KEY", EmbeddedS3.ACCESS_KEY),
        Map.entry("S3_SECRET_KEY", EmbeddedS3.SECRET_KEY),
        Map.entry("CATALOG_PASSWORD", "unused-the-cluster-trusts-local-connections"),
        Map.entry("SHOP_DB_PASSWORD", "unused-the-cluster-trusts-local-connections"),
        Map.entry("LIFEBOAT_DECRYPTION_KEY", Files.readString(dir.resolve("keys/backup.sec.asc"))));
  }

  private Process start(Path release, Map<String, String> env, Path log, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(release.resolve("bin/lifeboat").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  /** Runs the tarball's launcher to its end. */
  private Cli cli(Path release, Map<String, String> env, String... args) throws Exception {
    Path out = Files.createTempFile(dir, "cli", ".out");
    Path err = Files.createTempFile(dir, "cli", ".err");
    List<String> command = new ArrayList<>(List.of(release.resolve("bin/lifeboat").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
        .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    return new Cli(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private void awaitApi(Process server, String api) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      try {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/targets"))
            .header("Authorization", "Bearer " + BOB).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      if (!server.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("bin/lifeboat server did not come up; its log:\n"
            + Files.readString(dir.resolve("server.log")));
      }
      Thread.sleep(250);
    }
  }

  private JsonNode awaitRun(String api, String runId, Predicate<JsonNode> condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode run = JSON.createObjectNode();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/runs/" + runId))
          .header("Authorization", "Bearer " + BOB).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        run = JSON.readTree(response.body());
        if (condition.test(run)) {
          return run;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the restore never reached the expected state: " + run + "\nserver log:\n"
        + Files.readString(dir.resolve("server.log")));
  }

  private static JsonNode approval(JsonNode run) {
    for (JsonNode step : run.path("progress").path("steps")) {
      if (step.path("name").asText().equals("approval")) {
        return step;
      }
    }
    return JSON.createObjectNode();
  }

  private static void shop(PrivateCluster postgres, String sql) throws Exception {
    try (var c = postgres.connect("shop"); var s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String query(PrivateCluster postgres, String sql) throws Exception {
    try (var c = postgres.connect("shop"); var s = c.createStatement(); var rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private static int count(PrivateCluster postgres) throws Exception {
    return Integer.parseInt(query(postgres, "SELECT count(*) FROM orders"));
  }

  private static String sha256(String token) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes()));
  }
}
