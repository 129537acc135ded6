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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lifeboat half of the compose stack, started without containers (no container engine runs
 * where the tests run): deploy/compose/lifeboat.yml as shipped, with only the stack's addresses
 * replaced by real servers started here — the Temporal dev server for `temporal`, a PostgreSQL 15
 * prepared by the catalog's init script for `postgresql`, S3Proxy for `minio`, keys where ./keys is
 * mounted — and the environment .env.example describes. `lifeboat server` and `lifeboat worker`
 * come up on it: the health check the image runs is healthy, Prometheus's scrape targets answer,
 * and the API asks for the token the configuration names.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ComposeConfigurationStartsTest {
  private static final Path COMPOSE_DIR = DeployFiles.DEPLOY.resolve("compose");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private EmbeddedStack stack;

  @AfterEach
  void stop() throws Exception {
    for (Process process : processes) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void lifeboatServerAndWorkerStartOnTheComposeConfigurationAndAnswerWhereComposeExpects() throws Exception {
    SharedTemporal.requireRealServer();
    stack = EmbeddedStack.start(dir.resolve("stack"), dir.resolve("keys"), SharedTemporal.server(), "unused");
    stack.declareTargets(List.of());
    Matcher s3 = Pattern.compile("endpoint: (\\S+)").matcher(Files.readString(stack.configFile()));
    assertThat(s3.find()).isTrue();
    int postgresPort = stack.postgres().port();
    Shell.Result catalog = script("postgres/create-lifeboat-catalog.sh", Map.of("PGHOST", "127.0.0.1",
        "PGPORT", Integer.toString(postgresPort), "POSTGRES_USER", EmbeddedPostgres15.USER, "CATALOG_PASSWORD", "x"));
    assertThat(catalog.exit()).as(catalog.output()).isZero();
    Shell.Result namespace = script("temporal/create-namespace.sh", Map.of("TEMPORAL_ADDRESS", stack.temporalTarget(),
        "PATH", TemporalDevServer.binary().orElseThrow().getParent() + ":" + System.getenv("PATH")));
    assertThat(namespace.exit()).as(namespace.output()).isZero();

    int api = FreePorts.any();
    int admin = FreePorts.any();
    int workerMetrics = FreePorts.any();
    String config = Files.readString(COMPOSE_DIR.resolve("lifeboat.yml"));
    config = replace(config, "target: temporal:7233", "target: " + stack.temporalTarget());
    config = replace(config, "jdbc:postgresql://postgresql:5432/lifeboat", "jdbc:postgresql://127.0.0.1:" + postgresPort
        + "/lifeboat");
    config = replace(config, "/etc/lifeboat/keys/", dir.resolve("keys").toAbsolutePath() + "/");
    config = replace(config, "port: 8080", "port: " + api);
    config = replace(config, "port: 8081", "port: " + admin);
    config = replace(config, "metricsAddress: 0.0.0.0:9464", "metricsAddress: 0.0.0.0:" + workerMetrics);
    Path configFile = Files.writeString(dir.resolve("lifeboat.yml"), config);

    String token = "compose-test-token";
    Map<String, String> environment = Map.of(
        "LIFEBOAT_PAYLOAD_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "S3_ENDPOINT", s3.group(1), "S3_ACCESS_KEY", EmbeddedS3.ACCESS_KEY, "S3_SECRET_KEY", EmbeddedS3.SECRET_KEY,
        "CATALOG_PASSWORD", "x",
        "LIFEBOAT_ADMIN_TOKEN_SHA256", HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))),
        "LIFEBOAT_HOME", Files.createDirectories(dir.resolve("home")).toString());

    Process server = start("server", configFile, environment); // both at once, as compose starts them
    Process worker = start("worker", configFile, environment);
    await(server, "server", "http://127.0.0.1:" + admin + "/healthcheck"); // the image's HEALTHCHECK
    await(worker, "worker", "http://127.0.0.1:" + workerMetrics + "/metrics"); // compose's worker health check

    assertThat(get("http://127.0.0.1:" + api + "/metrics", null).body()).contains("lifeboat_");
    assertThat(get("http://127.0.0.1:" + workerMetrics + "/metrics", null).statusCode()).isEqualTo(200);
    assertThat(get("http://127.0.0.1:" + api + "/api/v1/targets", null).statusCode()).isEqualTo(401);
    assertThat(get("http://127.0.0.1:" + api + "/api/v1/targets", token).statusCode()).isEqualTo(200);
  }

  private static String replace(String text, String from, String to) {
    assertThat(text).as("deploy/compose/lifeboat.yml").contains(from);
    return text.replace(from, to);
  }

  private Process start(String command, Path config, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = LifeboatProcess.builder("384m", command, config.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve(command + ".log").toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    processes.add(process);
    return process;
  }

  private void await(Process process, String name, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        HttpResponse<String> response = get(url, null);
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (java.io.IOException notYet) {
        last = notYet.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError("lifeboat " + name + " did not answer " + url + " (" + last + "); its log:\n"
        + Files.readString(dir.resolve(name + ".log")));
  }

  private static HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
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
