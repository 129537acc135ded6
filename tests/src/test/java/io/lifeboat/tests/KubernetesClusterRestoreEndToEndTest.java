package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.lifeboat.runbooks.RunbookLibrary;
import io.lifeboat.worker.embedded.FreePorts;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.drill.DrillWorkflow;
import io.lifeboat.workflows.runbook.Decision;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.RunbookProgress;
import io.lifeboat.workflows.runbook.RunbookProgress.Status;
import io.lifeboat.workflows.runbook.RunbookRequest;
import io.lifeboat.workflows.runbook.RunbookStepState;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped kubernetes-cluster-restore runbook, run by a Lifeboat worker on the real Temporal
 * dev server and S3Proxy, against a real etcd (Debian's etcd-server 3.4, on free ports), a
 * directory of PersistentVolume data, and fabric8's Kubernetes mock server in CRUD mode: no
 * Kubernetes API server can run here, and the mock stores what it is sent in any order, so the
 * test records every write it receives with what etcd and the volumes held at that moment. The
 * mock has no {@code /readyz}; the test answers it as an API server does. The three targets are
 * backed up, broken, and restored by the runbook once a second person approved it: etcd first,
 * then the objects, then the files. When the API server refuses the objects, the run pauses, and
 * an abort undoes the etcd restore. A drill of the runbook is refused: drills have no scratch etcd.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesClusterRestoreEndToEndTest {
  private static final String NAMESPACE = "shop";
  private static final Map<String, String> ETCD_KEYS = Map.of(
      "/registry/namespaces/shop", "namespace shop",
      "/registry/configmaps/shop/settings", "currency=EUR",
      "/lifeboat-test/marker", "before the incident");

  @TempDir static Path dir;
  private static LifeboatStack stack;
  private static Etcd etcd;
  private static KubernetesMockServer kubernetes;
  private static KubernetesClient client;
  private static HttpServer workload;
  private static Path volume;
  /** Every create or update the mock API server received while the runbook ran, with what etcd and the volume held then. */
  private static final List<Write> writes = new CopyOnWriteArrayList<>();
  private static volatile boolean recording;
  /** While set, the mock API server refuses every create or update (403), as a cluster without the worker's RBAC. */
  private static volatile boolean refuseWrites;

  record Write(String request, boolean etcdBack, boolean volumeBack) {}

  @BeforeAll
  static void start() throws Exception {
    etcd = Etcd.start(dir.resolve("etcd"));

    kubernetes = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new RecordingDispatcher(),
        false);
    kubernetes.init();
    client = kubernetes.createClient();
    volume = Files.createDirectories(dir.resolve("volumes/shop-data"));
    workload = servesWhileItsVolumeIsWhole();

    stack = LifeboatStack.start(dir, List.of(), """
          etcd:
            kind: etcd
            endpoints: [%s]
            scratchDirectory: %s
            restore:
              dataDirectory: %s
              name: default
              initialCluster: default=%s
              initialAdvertisePeerUrls: %s
              stopCommand: "%s"
              startCommand: "%s"
              startTimeout: 30s
            rpo: 1h
            rto: 15m
          cluster-resources:
            kind: kubernetes
            connection: {server: "%s"}
            namespaces: [%s]
            scratchDirectory: %s
            rpo: 1h
            rto: 15m
          cluster-volumes:
            kind: files
            paths: [%s]
            scratchDirectory: %s
            rpo: 1h
            rto: 15m
        """.formatted(etcd.clientUrl(), Files.createDirectories(dir.resolve("scratch")), dir.resolve("etcd/restored"),
        etcd.peerUrl(), etcd.peerUrl(), etcd.stopCommand(), etcd.startCommand(dir.resolve("etcd/restored")),
        kubernetesUrl(), NAMESPACE, dir.resolve("scratch"), volume, dir.resolve("scratch")),
        "drills:\n  scratchDirectory: " + Files.createDirectories(dir.resolve("drills")) + "\n");
  }

  @AfterAll
  static void stop() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {stack, () -> workload.stop(0), client,
        () -> kubernetes.destroy(), etcd}) {
      try {
        if (closeable != null) {
          closeable.close();
        }
      } catch (Exception | Error ignored) {
        // everything else is still stopped
      }
    }
  }

  @Test
  @Order(3)
  void restoresEtcdThenTheNamespaceThenTheVolumesOnceASecondPersonApproved() throws Exception {
    healthyClusterBackedUpThenLost();
    String orders = "order 1: 3 widgets\norder 2: 1 gadget\n";

    RunbookWorkflow run = startRunbook("restored");

    RunbookProgress waiting = awaitProgress(run, p -> p.status() == Status.WAITING);
    assertThat(step(waiting, "approval").state()).isEqualTo(RunbookStepState.State.WAITING);
    assertThat(step(waiting, "verify etcd backup").state()).isEqualTo(RunbookStepState.State.DONE);
    assertThat(writes).as("nothing is written before the approval").isEmpty();
    assertThat(etcdBack()).isFalse();
    run.approve(Decision.of(SecondPerson.NAME, "checked: etcd and the shop namespace are lost"));
    RunbookProgress done = WorkflowStub.fromTyped(run).getResult(RunbookProgress.class);
    recording = false;

    assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
    assertThat(done.steps()).extracting(RunbookStepState::state).containsOnly(RunbookStepState.State.DONE);
    // etcd: every key of the snapshot, and nothing written after it
    assertThat(etcdBack()).isTrue();
    assertThat(etcd.ctl("get", "/intruder").strip()).isEmpty();
    // the namespace's objects
    assertThat(client.namespaces().withName(NAMESPACE).get()).isNotNull();
    assertThat(client.configMaps().inNamespace(NAMESPACE).withName("settings").get().getData())
        .containsEntry("currency", "EUR");
    assertThat(client.services().inNamespace(NAMESPACE).withName("web").get()).isNotNull();
    assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("web").get().getSpec().getTemplate()
        .getSpec().getContainers().get(0).getImage()).isEqualTo("registry.example/shop:1.4");
    // the volume
    assertThat(Files.readString(volume.resolve("orders.db"))).isEqualTo(orders);
    assertThat(Files.readAllBytes(volume.resolve("uploads/logo.png")))
        .containsExactly((byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3);
    // in that order: every object was written once etcd was back and before the volume was
    assertThat(writes).as("the objects the restore wrote").isNotEmpty();
    assertThat(writes).allSatisfy(write -> {
      assertThat(write.etcdBack()).as("etcd restored before %s", write.request()).isTrue();
      assertThat(write.volumeBack()).as("volume restored after %s", write.request()).isFalse();
    });
    assertThat(step(done, "restore etcd").endedAt()).isBeforeOrEqualTo(step(done, "restore resources").startedAt());
    assertThat(step(done, "restore resources").endedAt()).isBeforeOrEqualTo(step(done, "restore volumes").startedAt());
    assertThat(done.measures().achievedRpo()).isNotNull();
  }

  @Test
  @Order(2)
  void whenTheApiServerRefusesTheObjectsTheRunPausesAndAbortUndoesTheEtcdRestore() throws Exception {
    healthyClusterBackedUpThenLost();
    refuseWrites = true;
    RunbookWorkflow run = startRunbook("aborted");
    awaitProgress(run, p -> p.status() == Status.WAITING);
    run.approve(Decision.of(SecondPerson.NAME, "checked: etcd and the shop namespace are lost"));

    RunbookProgress paused = awaitProgress(run,
        p -> step(p, "restore resources").state() == RunbookStepState.State.WAITING);
    assertThat(step(paused, "restore resources").error()).contains("403");
    assertThat(etcdBack()).as("etcd was restored before the objects").isTrue();
    run.abort(Decision.of("alice", "the API server refuses the worker's account"));
    WorkflowFailedException failed = catchThrowableOfType(WorkflowFailedException.class,
        () -> WorkflowStub.fromTyped(run).getResult(RunbookProgress.class));
    refuseWrites = false;

    try {
      assertThat(failed).isNotNull();
      RunbookProgress undone = run.progress();
      assertThat(undone.status()).isEqualTo(Status.ABORTED);
      assertThat(step(undone, "restore etcd").compensation()).contains("put back as it was before the restore");
      assertThat(step(undone, "restore volumes").state()).isEqualTo(RunbookStepState.State.PENDING);
      // undoing stopped the restored member and moved its data directory aside; the old one is the operator's
      assertThat(etcdAnswers()).isFalse();
      assertThat(dir.resolve("etcd/restored")).doesNotExist();
      try (Stream<Path> aside = Files.list(dir.resolve("etcd"))) {
        assertThat(aside.map(p -> p.getFileName().toString()))
            .anyMatch(name -> name.startsWith("restored.lifeboat-rolled-back-"));
      }
      assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("web").get()).isNull();
      assertThat(volumeBack()).as("the volumes were never restored").isFalse();
    } finally {
      if (!etcdAnswers()) {
        etcd.startOn(dir.resolve("etcd/data")); // as an operator would: the old member again
      }
    }
  }

  /** Writes the cluster's state, backs the three targets up, then loses it all: the incident. */
  private static void healthyClusterBackedUpThenLost() throws Exception {
    etcd.ctl("del", "/intruder");
    for (Map.Entry<String, String> key : ETCD_KEYS.entrySet()) {
      etcd.ctl("put", key.getKey(), key.getValue());
    }
    deleteTheNamespace(); // what an earlier test left
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
        .endMetadata().addToData("currency", "EUR").build()).create();
    client.services().inNamespace(NAMESPACE).resource(new ServiceBuilder().withNewMetadata().withName("web")
        .endMetadata().withNewSpec().addToSelector("app", "web").addNewPort().withPort(80).endPort().endSpec().build())
        .create();
    client.apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder().withNewMetadata()
        .withName("web").endMetadata().withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web")
        .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
        .addNewContainer().withName("web").withImage("registry.example/shop:1.4").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();

    Files.writeString(volume.resolve("orders.db"), "order 1: 3 widgets\norder 2: 1 gadget\n");
    Files.createDirectories(volume.resolve("uploads"));
    Files.write(volume.resolve("uploads/logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});

    for (String target : List.of("etcd", "cluster-resources", "cluster-volumes")) {
      stack.workflow(BackupWorkflow.class, BackupWorkflow.workflowId(target))
          .backup(new BackupRequest(target, "before the incident", "test"));
    }

    // the incident: etcd wiped, the namespace deleted, the volume overwritten
    etcd.ctl("del", "--prefix", "/");
    etcd.ctl("put", "/intruder", "1");
    deleteTheNamespace();
    Files.writeString(volume.resolve("orders.db"), "encrypted by ransomware\n");
    Files.delete(volume.resolve("uploads/logo.png"));
    assertThat(etcdBack()).isFalse();
    assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("web").get()).isNull();
    writes.clear();
  }

  private static void deleteTheNamespace() {
    client.apps().deployments().inNamespace(NAMESPACE).withName("web").delete();
    client.services().inNamespace(NAMESPACE).withName("web").delete();
    client.configMaps().inNamespace(NAMESPACE).withName("settings").delete();
    client.namespaces().withName(NAMESPACE).delete();
  }

  /** Starts the shipped runbook as alice, recording what the mock API server is sent. */
  private static RunbookWorkflow startRunbook(String runId) throws Exception {
    Runbook runbook = RunbookLibrary.shippedOnly().load("kubernetes-cluster-restore").orElseThrow();
    RunbookWorkflow run = stack.workflow(RunbookWorkflow.class, RunbookWorkflow.workflowId(runbook.name(), runId));
    recording = true;
    WorkflowClient.start(run::run, new RunbookRequest(runbook, Map.of(
        "etcd_url", etcd.clientUrl(),
        "kubernetes_url", kubernetesUrl(),
        "app_url", "http://127.0.0.1:" + workload.getAddress().getPort() + "/health"), "alice"));
    return run;
  }

  @Test
  @Order(1)
  void aDrillOfTheRunbookIsRefusedBeforeItCreatesAnything() throws Exception {
    String drillId = DrillWorkflow.drillId("kubernetes-cluster-restore", Instant.now());

    assertThatThrownBy(() -> stack.workflow(DrillWorkflow.class, drillId).drill(new DrillRequest(
        "kubernetes-cluster-restore", null, Map.of("app_url", "http://127.0.0.1:1/health"), "alice", null, false,
        null)))
        .isInstanceOf(WorkflowFailedException.class)
        .satisfies(e -> assertThat(Failures.message(e.getCause()))
            .contains("cannot have a scratch place of kind 'etcd'").contains("nothing was created"));
    try (Stream<Path> left = Files.list(dir.resolve("drills"))) {
      assertThat(left).as("nothing created for the drill").isEmpty();
    }
  }

  /** Whether etcd holds every key of {@link #ETCD_KEYS} with its value; false while it does not answer. */
  private static boolean etcdBack() {
    try {
      for (Map.Entry<String, String> key : ETCD_KEYS.entrySet()) {
        if (!etcd.ctl("get", "--print-value-only", key.getKey()).strip().equals(key.getValue())) {
          return false;
        }
      }
      return true;
    } catch (Exception notAnswering) {
      return false;
    }
  }

  private static boolean etcdAnswers() {
    try {
      etcd.ctl("endpoint", "health");
      return true;
    } catch (Exception notAnswering) {
      return false;
    }
  }

  private static boolean volumeBack() {
    try {
      return Files.readString(volume.resolve("orders.db")).startsWith("order 1")
          && Files.exists(volume.resolve("uploads/logo.png"));
    } catch (java.io.IOException unreadable) {
      return false;
    }
  }

  private static String kubernetesUrl() {
    return "http://127.0.0.1:" + kubernetes.getPort();
  }

  /** The workload of the namespace: answers 200 while the data on its volume is whole. */
  private static HttpServer servesWhileItsVolumeIsWhole() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.any()), 0);
    server.createContext("/health", exchange -> {
      boolean whole = volumeBack();
      byte[] body = (whole ? "ok" : "volume damaged").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(whole ? 200 : 503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    return server;
  }

  private static RunbookProgress awaitProgress(RunbookWorkflow run, Predicate<RunbookProgress> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    RunbookProgress progress = null;
    while (System.nanoTime() < deadline) {
      try {
        progress = run.progress();
        if (until.test(progress)) {
          return progress;
        }
      } catch (RuntimeException notQueryableYet) {
        // the run has not started its first task yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the run never got there: " + progress);
  }

  private static RunbookStepState step(RunbookProgress progress, String name) {
    return progress.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * The mock's CRUD store, recording each write received while the runbook runs with whether etcd
   * and the volume were restored at that moment; {@code /readyz} answered as an API server does.
   */
  private static final class RecordingDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (request.getPath().startsWith("/readyz")) {
        return new MockResponse().setResponseCode(200).setBody("ok");
      }
      boolean write = List.of("POST", "PUT", "PATCH").contains(request.getMethod());
      if (write && refuseWrites) {
        return new MockResponse().setResponseCode(403).setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"status\":\"Failure\",\"message\":\"forbidden: lifeboat cannot write here\",\"reason\":\"Forbidden\","
            + "\"code\":403}");
      }
      if (recording && write) {
        writes.add(new Write(request.getMethod() + " " + request.getPath(), etcdBack(), volumeBack()));
      }
      return super.dispatch(request);
    }
  }

  /** A single-member etcd on free ports, started and stopped through shell commands as an operator's would be. */
  private static final class Etcd implements AutoCloseable {
    private final Path home;
    private final int clientPort;
    private final int peerPort;

    private Etcd(Path home, int clientPort, int peerPort) {
      this.home = home;
      this.clientPort = clientPort;
      this.peerPort = peerPort;
    }

    static Etcd start(Path home) throws Exception {
      Files.createDirectories(home);
      Etcd etcd = new Etcd(home, FreePorts.any(), FreePorts.any());
      etcd.startOn(home.resolve("data"));
      return etcd;
    }

    private void awaitHealthy() throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        try {
          ctl("endpoint", "health");
          return;
        } catch (IllegalStateException notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("etcd did not start: " + Files.readString(home.resolve("etcd.log")));
          }
          Thread.sleep(100);
        }
      }
    }

    /** Starts this member again on {@code data} and waits until it answers. */
    void startOn(Path data) throws Exception {
      sh(startCommand(data));
      awaitHealthy();
    }

    String clientUrl() {
      return "http://127.0.0.1:" + clientPort;
    }

    String peerUrl() {
      return "http://127.0.0.1:" + peerPort;
    }

    /** Starts etcd on {@code data} in the background, its pid in etcd.pid. */
    String startCommand(Path data) {
      return "setsid etcd --name default --data-dir " + data + " --listen-client-urls " + clientUrl()
          + " --advertise-client-urls " + clientUrl() + " --listen-peer-urls " + peerUrl()
          + " --initial-advertise-peer-urls " + peerUrl() + " --initial-cluster default=" + peerUrl()
          + " >> " + home.resolve("etcd.log") + " 2>&1 < /dev/null & echo $! > " + home.resolve("etcd.pid");
    }

    /** Stops the running etcd and waits until it has exited. */
    String stopCommand() {
      String pid = "$(cat " + home.resolve("etcd.pid") + ")";
      return "kill " + pid + "; while kill -0 " + pid + " 2>/dev/null; do sleep 0.1; done";
    }

    String ctl(String... args) throws Exception {
      List<String> command = new java.util.ArrayList<>(List.of("etcdctl", "--endpoints=" + clientUrl(),
          "--dial-timeout=1s", "--command-timeout=2s"));
      command.addAll(List.of(args));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("ETCDCTL_API", "3");
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("etcdctl " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    }

    @Override
    public void close() throws Exception {
      sh(stopCommand());
    }

    private static void sh(String command) throws Exception {
      Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + out);
      }
    }
  }
}
