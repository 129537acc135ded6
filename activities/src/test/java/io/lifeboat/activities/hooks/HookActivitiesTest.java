package io.lifeboat.activities.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.process.ChildEnvironment;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.backup.ConfiguredHooks;
import io.lifeboat.workflows.backup.HookActivities;
import io.lifeboat.workflows.backup.HookActivities.When;
import io.lifeboat.workflows.backup.HookOutcome;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of hook against the real thing: processes of this machine, an HTTP server on a free
 * port (the JDK's own), the embedded PostgreSQL server. The activity runs in Temporal's activity
 * test environment, which delivers heartbeats and cancellation as a server does.
 */
@Timeout(120)
class HookActivitiesTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private TestActivityEnvironment env;
  private HttpServer http;
  private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void start() throws Exception {
    env = TestActivityEnvironment.newInstance();
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/pause", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    http.createContext("/busy", exchange -> {
      byte[] body = "maintenance in progress, try later".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.createContext("/slow", exchange -> {
      try {
        Thread.sleep(3_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    http.start();
  }

  @AfterEach
  void stop() {
    http.stop(0);
    env.close();
  }

  private HookActivities activities(Hook before, Hook after) {
    env.registerActivitiesImplementations(new HookActivitiesImpl(Map.of("shop", new TargetHooks(before, after))));
    return env.newActivityStub(HookActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2)).setHeartbeatTimeout(Duration.ofSeconds(3)).build());
  }

  private HookOutcome before(Hook hook) {
    return activities(hook, null).runHook("shop", When.BEFORE);
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path);
  }

  @Test
  void saysWhichHooksATargetHas() {
    HookActivities hooks = activities(null, new Hook.Command(List.of("true"), MINUTE));

    assertThat(hooks.configuredHooks("shop")).isEqualTo(new ConfiguredHooks(false, true));
    assertThat(hooks.configuredHooks("uploads")).isEqualTo(ConfiguredHooks.none());
    assertThat(hooks.runHook("shop", When.BEFORE)).isEqualTo(HookOutcome.notConfigured());
  }

  @Test
  void aCommandRunsWithoutAShellInAMinimalEnvironment() {
    HookOutcome outcome = activities(null, new Hook.Command(List.of("env"), MINUTE)).runHook("shop", When.AFTER);

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.type()).isEqualTo("command");
    assertThat(outcome.result()).isEqualTo("exited 0");
    assertThat(outcome.output().lines().sorted().toList()).containsExactlyElementsOf(
        ChildEnvironment.of(Map.of("LIFEBOAT_HOOK", "after", "LIFEBOAT_TARGET", "shop")).entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList());
  }

  @Test
  void aCommandGetsTheVariablesItsConfigurationNamesAndNoOthers() {
    HookOutcome outcome = activities(null, new Hook.Command(List.of("env"), Map.of("SHOP_TOKEN", "t0k3n"), MINUTE))
        .runHook("shop", When.AFTER);

    assertThat(outcome.output().lines().toList()).contains("SHOP_TOKEN=t0k3n", "LIFEBOAT_TARGET=shop")
        .noneMatch(line -> line.startsWith("LIFEBOAT_DECRYPTION") || line.startsWith("AWS_"));
  }

  @Test
  void aFailingCommandReportsItsExitCodeAndTheEndOfWhatItSaid() {
    HookOutcome outcome = before(new Hook.Command(
        List.of("sh", "-c", "echo flushing; echo 'no space left on device' >&2; exit 3"), MINUTE));

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.result()).isEqualTo("exited 3");
    assertThat(outcome.output()).isEqualTo("flushing\nno space left on device");
    assertThat(outcome.describe()).startsWith("command hook exited 3 after ").endsWith(" ms: flushing\nno space left on device");
  }

  @Test
  void aCommandThatIsNotInstalledFailsSayingSo() {
    HookOutcome outcome = before(new Hook.Command(List.of("/opt/lifeboat-no-such-tool", "--token=s3cr3t"), MINUTE));

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.result()).isEqualTo("exited 127");
    assertThat(outcome.output()).startsWith("cannot run the before hook's command").doesNotContain("s3cr3t");
  }

  @Test
  void aCommandStillRunningAtItsTimeoutIsKilledWithWhatItStarted(@TempDir Path directory) throws Exception {
    Path pid = directory.resolve("sleep.pid");
    long started = System.nanoTime();
    HookOutcome outcome = before(new Hook.Command(
        List.of("sh", "-c", "sleep 30 & echo $! > " + pid + "; wait"), Duration.ofSeconds(1)));

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.result()).isEqualTo("exited 124");
    assertThat(outcome.output()).isEqualTo("timed out after 1s: the before hook's command");
    assertThat(outcome.millis()).isBetween(1_000L, 9_000L);
    ProcessHandle sleep = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).orElse(null);
    if (sleep != null) {
      sleep.onExit().get(5, TimeUnit.SECONDS); // the shell's child was killed with it, or this times out
    }
  }

  @Test
  void aCancelledAttemptStopsItsCommandAndSaysItWasCancelled() throws Exception {
    HookActivities hooks = activities(new Hook.Command(List.of("sleep", "600"), Duration.ofMinutes(30)), null);
    CompletableFuture<HookOutcome> attempt = CompletableFuture.supplyAsync(() -> hooks.runHook("shop", When.BEFORE));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sleeps().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    ProcessHandle sleep = sleeps().get(0);

    env.requestCancelActivity();

    assertThatThrownBy(() -> attempt.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(CanceledFailure.class);
    sleep.onExit().get(5, TimeUnit.SECONDS);
    assertThat(sleep.isAlive()).as("the hook's process was stopped with its attempt").isFalse();
  }

  /** The sleep processes this JVM started and that still run. */
  private static List<ProcessHandle> sleeps() {
    return ProcessHandle.current().descendants()
        .filter(p -> p.isAlive() && p.info().command().orElse("").endsWith("sleep")).toList();
  }

  @Test
  void anHttpHookSendsItsMethodAndHeadersAndPassesOnTheExpectedStatus() {
    HookOutcome outcome = before(new Hook.Http("POST", url("/pause"), 204,
        Map.of("Authorization", "Bearer s3cr3t"), MINUTE));

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.type()).isEqualTo("http");
    assertThat(outcome.result()).isEqualTo("answered HTTP 204");
    assertThat(requests).containsExactly("POST Bearer s3cr3t");
  }

  @Test
  void anHttpHookAnsweredWithAnotherStatusFailsWithTheStartOfTheBody() {
    HookOutcome outcome = before(new Hook.Http("PUT", url("/busy?token=s3cr3t"), 204, Map.of(), MINUTE));

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.result()).isEqualTo("answered HTTP 503, expected 204");
    assertThat(outcome.output()).isEqualTo("maintenance in progress, try later");
    assertThat(outcome.describe()).doesNotContain("s3cr3t").doesNotContain("/busy");
  }

  @Test
  void anHttpHookWithoutAnAnswerInTimeOrAtAllFails() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HookActivities hooks = activities(new Hook.Http("POST", url("/slow"), 204, Map.of(), Duration.ofSeconds(1)),
        new Hook.Http("POST", URI.create("http://127.0.0.1:" + closedPort + "/resume"), 204, Map.of(), MINUTE));

    HookOutcome slow = hooks.runHook("shop", When.BEFORE);
    assertThat(slow.succeeded()).isFalse();
    assertThat(slow.result()).isEqualTo("got no answer");
    assertThat(slow.output()).startsWith("HttpTimeoutException");
    assertThat(slow.millis()).isLessThan(9_000L);

    HookOutcome refused = hooks.runHook("shop", When.AFTER);
    assertThat(refused.succeeded()).isFalse();
    assertThat(refused.result()).isEqualTo("got no answer");
    assertThat(refused.output()).startsWith("ConnectException");
  }

  @Test
  void anSqlHookRunsOnTheTargetsDatabase() throws Exception {
    EmbeddedPostgresFixture.Database database = EmbeddedPostgresFixture.newDatabase();
    PostgresServer server = server(database);
    HookActivities hooks = activities(new Hook.Sql("CHECKPOINT", server, database.name(), MINUTE),
        new Hook.Sql("CREATE TABLE backup_marks (at timestamptz); INSERT INTO backup_marks VALUES (now())",
            server, database.name(), MINUTE));

    HookOutcome checkpoint = hooks.runHook("shop", When.BEFORE);
    assertThat(checkpoint.succeeded()).isTrue();
    assertThat(checkpoint.type()).isEqualTo("sql");
    assertThat(checkpoint.result()).isEqualTo("completed");

    assertThat(hooks.runHook("shop", When.AFTER).succeeded()).isTrue();
    try (Connection connection = database.dataSource().getConnection();
        ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM backup_marks")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void anSqlHookThatFailsOrOutlivesItsTimeoutReportsWhatTheServerSaid() {
    EmbeddedPostgresFixture.Database database = EmbeddedPostgresFixture.newDatabase();
    PostgresServer server = server(database);
    HookActivities hooks = activities(new Hook.Sql("SELECT count(*) FROM orders", server, database.name(), MINUTE),
        new Hook.Sql("SELECT pg_sleep(30)", server, database.name(), Duration.ofSeconds(1)));

    HookOutcome missing = hooks.runHook("shop", When.BEFORE);
    assertThat(missing.succeeded()).isFalse();
    assertThat(missing.result()).isEqualTo("failed");
    assertThat(missing.output()).startsWith("SQLSTATE 42P01: ").contains("\"orders\" does not exist");

    HookOutcome slow = hooks.runHook("shop", When.AFTER);
    assertThat(slow.succeeded()).isFalse();
    assertThat(slow.result()).isEqualTo("was cancelled (timeout 1s)");
    assertThat(slow.millis()).isLessThan(9_000L);
  }

  @Test
  void anSqlHookOnAServerThatCannotBeReachedFails() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HookOutcome outcome = before(new Hook.Sql("CHECKPOINT",
        new PostgresServer("127.0.0.1", closedPort, "postgres", "s3cr3t", null), "shop", MINUTE));

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.result()).isEqualTo("could not connect");
    assertThat(outcome.output()).startsWith("cannot connect to PostgreSQL at 127.0.0.1:" + closedPort)
        .doesNotContain("s3cr3t");
  }

  private static PostgresServer server(EmbeddedPostgresFixture.Database database) {
    return new PostgresServer(database.host(), database.port(), EmbeddedPostgresFixture.USER, null, null);
  }
}
