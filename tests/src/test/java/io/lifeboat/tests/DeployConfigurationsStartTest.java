package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.worker.embedded.EmbeddedPostgres15;
import io.lifeboat.worker.embedded.EmbeddedS3;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.worker.embedded.FreePorts;
import io.lifeboat.worker.embedded.TemporalDevServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * `lifeboat server` and `lifeboat worker` started on the configurations deploy/ ships for compose
 * and for the Helm chart, without containers or a cluster (neither runs where the tests run): the
 * files as shipped, with only the addresses of their environment pointed at real servers started
 * here — the Temporal dev server, a PostgreSQL prepared by compose's catalog init script, S3Proxy
 * in place of MinIO or S3, keys where they are mounted — and the environment the docs describe.
 * What compose's health checks, the chart's probes and Prometheus ask must answer, and the API must
 * want the token the configuration names.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DeployConfigurationsStartTest {
  private static final Path COMPOSE_DIR = DeployFiles.DEPLOY.resolve("compose");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String TOKEN = "deploy-test-token";
  private static final String CATALOG_PASSWORD = "x";

  @TempDir static Path dir;
  private static EmbeddedStack stack;
  private static Path keys;
  private static Map<String, String> environment;
  private final List<Process> processes = new ArrayList<>();

  /** What compose and the chart have running before Lifeboat: Temporal with the namespace, the catalog, a bucket. */
  @BeforeAll
  static void services() throws Exception {
    SharedTemporal.requireRealServer();
    keys = dir.resolve("keys");
    stack = EmbeddedStack.start(dir.resolve("stack"), keys, SharedTemporal.server(), "unused");
    stack.declareTargets(List.of());
    Matcher s3 = Pattern.compile("endpoint: (\\S+)").matcher(Files.readString(stack.configFile()));
    assertThat(s3.find()).isTrue();
    Shell.Result catalog = script("postgres/create-lifeboat-catalog.sh", Map.of("PGHOST", "127.0.0.1",
        "PGPORT", Integer.toString(stack.postgres().port()), "POSTGRES_USER", EmbeddedPostgres15.USER,
        "CATALOG_PASSWORD", CATALOG_PASSWORD));
    assertThat(catalog.exit()).as(catalog.output()).isZero();
    Shell.Result namespace = script("temporal/create-namespace.sh", Map.of("TEMPORAL_ADDRESS", stack.temporalTarget(),
        "PATH", TemporalDevServer.binary().orElseThrow().getParent() + ":" + System.getenv("PATH")));
    assertThat(namespace.exit()).as(namespace.output()).isZero();

    environment = new HashMap<>(Map.of(
        "LIFEBOAT_PAYLOAD_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "S3_ENDPOINT", s3.group(1), "S3_BUCKET", EmbeddedStack.BUCKET,
        "S3_ACCESS_KEY", EmbeddedS3.ACCESS_KEY, "S3_SECRET_KEY", EmbeddedS3.SECRET_KEY,
        "CATALOG_URL", "jdbc:postgresql://127.0.0.1:" + stack.postgres().port() + "/lifeboat",
        "CATALOG_USER", "lifeboat", "CATALOG_PASSWORD", CATALOG_PASSWORD,
        "LIFEBOAT_ADMIN_TOKEN_SHA256", HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(TOKEN.getBytes(StandardCharsets.UTF_8)))));
  }

  @AfterAll
  static void stopServices() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @AfterEach
  void stopLifeboat() throws Exception {
    for (Process process : processes) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void composesConfigurationStartsAServerAndAWorkerThatAnswerComposesChecksAndPrometheus() throws Exception {
    Ports ports = Ports.free();
    String config = Files.readString(COMPOSE_DIR.resolve("lifeboat.yml"));
    config = replace(config, "target: temporal:7233", "target: " + stack.temporalTarget());
    config = replace(config, "jdbc:postgresql://postgresql:5432/lifeboat", environment.get("CATALOG_URL"));
    config = replace(config, "/etc/lifeboat/keys/", keys.toAbsolutePath() + "/");
    config = ports.into(config);

    start(ports, Files.writeString(dir.resolve("compose-lifeboat.yml"), config), "compose");

    assertThat(get(ports.api, "/metrics", null).body()).contains("lifeboat_"); // job lifeboat-server
    assertThat(get(ports.workerMetrics, "/metrics", null).statusCode()).isEqualTo(200); // job lifeboat-worker
    assertThat(get(ports.api, "/api/v1/targets", null).statusCode()).isEqualTo(401);
    assertThat(get(ports.api, "/api/v1/targets", TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void theChartsDefaultConfigurationStartsAServerWhoseProbesAnswer() throws Exception {
    Map<String, Object> values = DeployFiles.yaml(DeployFiles.DEPLOY.resolve("helm/lifeboat/values.yaml"));
    Ports ports = Ports.free();
    String config = new Yaml().dump(values.get("config")); // what config-secret.yaml renders, as YAML
    config = replace(config, "temporal-frontend.temporal.svc:7233", stack.temporalTarget());
    config = replace(config, "/etc/lifeboat/keys/recipients/", keys.toAbsolutePath() + "/");
    config = replace(config, "/etc/lifeboat/keys/signing/", keys.toAbsolutePath() + "/");
    config = ports.into(config);

    // The server pod only: a worker pod runs `lifeboat worker` on the same kind of file, as the compose test does.
    Process server = lifeboat("server", Files.writeString(dir.resolve("chart-lifeboat.yml"), config), "chart");
    await(server, "chart-server", ports.admin, "/healthcheck");

    assertThat(get(ports.admin, "/ping", null).statusCode()).as("server startup and liveness probes").isEqualTo(200);
    assertThat(get(ports.admin, "/healthcheck", null).statusCode()).as("server readiness probe").isEqualTo(200);
    assertThat(get(ports.api, "/metrics", null).body()).contains("lifeboat_"); // the ServiceMonitor's http port
    assertThat(get(ports.api, "/api/v1/targets", TOKEN).statusCode()).isEqualTo(200);
  }

  /** Free ports in place of the shipped 8080, 8081 and 9464: other tests may run beside this one. */
  private record Ports(int api, int admin, int workerMetrics) {
    static Ports free() {
      return new Ports(FreePorts.any(), FreePorts.any(), FreePorts.any());
    }

    String into(String config) {
      String replaced = replace(config, "port: 8080", "port: " + api);
      replaced = replace(replaced, "port: 8081", "port: " + admin);
      return replace(replaced, "0.0.0.0:9464", "0.0.0.0:" + workerMetrics);
    }
  }

  /** Starts `lifeboat server` and `lifeboat worker` at once, as compose does, until both answer. */
  private void start(Ports ports, Path config, String name) throws Exception {
    Process server = lifeboat("server", config, name);
    Process worker = lifeboat("worker", config, name);
    await(server, name + "-server", ports.admin, "/healthcheck");
    await(worker, name + "-worker", ports.workerMetrics, "/metrics");
  }

  private static String replace(String text, String from, String to) {
    assertThat(text).as("the shipped configuration").contains(from);
    return text.replace(from, to);
  }

  private Process lifeboat(String command, Path config, String name) throws Exception {
    ProcessBuilder builder = LifeboatProcess.builder("384m", command, config.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + "-" + command + ".log").toFile());
    builder.environment().putAll(environment);
    builder.environment().put("LIFEBOAT_HOME", Files.createDirectories(dir.resolve(name + "-" + command)).toString());
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private static void await(Process process, String name, int port, String path) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<String> response = get(port, path, null);
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (java.io.IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("lifeboat " + name + " did not answer " + path + " on port " + port + " (" + last
        + "); its log:\n" + Files.readString(dir.resolve(name + ".log")));
  }

  private static HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Shell.Result script(String name, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sh", COMPOSE_DIR.resolve(name).toString()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Shell.Result(process.waitFor(), output);
  }
}
