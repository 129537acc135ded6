package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedS3;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.workflows.backup.BackupRequest;
import io.lifeboat.workflows.backup.BackupResult;
import io.lifeboat.workflows.backup.BackupWorkflow;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreResult;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import io.lifeboat.workflows.verify.VerifyRequest;
import io.lifeboat.workflows.verify.VerifyResult;
import io.lifeboat.workflows.verify.VerifyWorkflow;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kind: kubernetes} target through the whole stack — the real Temporal dev server, the
 * worker, S3Proxy, the catalog — and the {@code restore-plan} command as an operator runs it. No
 * Kubernetes API server can run on this machine: the cluster is fabric8's Kubernetes mock server
 * in CRUD mode, a real HTTP server that stores what it is sent (and enforces no RBAC or order).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KubernetesBackupRestoreEndToEndTest {
  @TempDir static Path dir;
  private KubernetesMockServer server;
  private KubernetesClient cluster;
  private EmbeddedStack embedded;
  private LifeboatWorker worker;
  private TemporalConnection temporal;
  private LifeboatConfiguration config;

  @BeforeAll
  void start() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    cluster = server.createClient(new JdkHttpClientFactory());
    populate();

    embedded = EmbeddedStack.start(dir.resolve("stack"), dir.resolve("keys"), SharedTemporal.server(),
        SharedTemporal.newNamespace());
    Files.createDirectories(dir.resolve("scratch"));
    Files.writeString(embedded.configFile(), Files.readString(embedded.configFile()).replace("targets: {}\n", """
        targets:
          shop:
            kind: kubernetes
            connection: {server: "%s"}
            namespaces: [shop]
            scratchDirectory: %s
            rpo: 1h
            rto: 15m
        """.formatted(server.url("/").replaceAll("/$", ""), dir.resolve("scratch"))));
    config = LifeboatConfigLoader.load(embedded.configFile());
    worker = new LifeboatWorker(config, new MetricRegistry());
    worker.start();
    temporal = TemporalConnection.open(config.getTemporal());
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (worker != null) {
        worker.stop();
      }
      if (temporal != null) {
        temporal.stop();
      }
      if (embedded != null) {
        embedded.close();
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
      if (server != null) {
        server.destroy();
      }
    }
  }

  @Test
  void backsUpVerifiesPlansAndRestoresADeletedNamespace() throws Exception {
    BackupResult backup = workflow(BackupWorkflow.class, BackupWorkflow.workflowId("shop"))
        .backup(new BackupRequest("shop", "test", "tester"));
    assertThat(backup.kind()).isEqualTo("kubernetes");

    VerifyResult verified = workflow(VerifyWorkflow.class, VerifyWorkflow.workflowId(backup.backupId()))
        .verify(new VerifyRequest(backup.backupId(), true, "tester"));
    assertThat(verified.testRestore().comparison().matches()).isTrue();
    assertThat(verified.testRestore().comparison().compared()).isEqualTo(5);

    cluster.apps().deployments().inNamespace("shop").withName("app").delete();
    cluster.configMaps().inNamespace("shop").withName("app-config").delete();
    cluster.secrets().inNamespace("shop").delete();
    cluster.namespaces().withName("shop").delete();

    Cli plan = cli("restore-plan", "shop", "--config", embedded.configFile().toString());
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out()).contains("  create Namespace shop\n  create ConfigMap shop/app-config\n"
        + "  create Secret shop/app-secret\n  create Secret shop/sh.helm.release.v1.app.v1\n"
        + "  create Deployment shop/app\n", "nothing was changed");
    assertThat(cluster.namespaces().withName("shop").get()).as("the dry run created nothing").isNull();

    RestoreResult restored = workflow(RestoreWorkflow.class, RestoreWorkflow.workflowId("shop", "live"))
        .restore(new RestoreRequest("shop", "latest", "", false, null, "tester"));

    assertThat(restored.backupId()).isEqualTo(backup.backupId());
    assertThat(cluster.namespaces().withName("shop").get()).isNotNull();
    assertThat(cluster.configMaps().inNamespace("shop").withName("app-config").get().getData())
        .containsEntry("mode", "production");
    assertThat(cluster.apps().deployments().inNamespace("shop").withName("app").get().getSpec().getReplicas())
        .isEqualTo(2);
    assertThat(cluster.secrets().inNamespace("shop").withName("sh.helm.release.v1.app.v1").get().getType())
        .isEqualTo("helm.sh/release.v1");
  }

  private void populate() {
    for (String yaml : new String[] {"""
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        """, """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config, namespace: shop}
        data: {mode: production}
        """, """
        apiVersion: v1
        kind: Secret
        metadata: {name: app-secret, namespace: shop}
        data: {password: czNjcmV0}
        """, """
        apiVersion: v1
        kind: Secret
        metadata: {name: sh.helm.release.v1.app.v1, namespace: shop, labels: {owner: helm, name: app, version: "1"}}
        type: helm.sh/release.v1
        data: {release: SDRzSUFBQUFBQUFBL3JlbGVhc2Ux}
        """, """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: app, namespace: shop}
        spec:
          replicas: 2
          selector: {matchLabels: {app: app}}
          template: {metadata: {labels: {app: app}}, spec: {containers: [{name: app, image: "shop/app:1.4"}]}}
        status: {replicas: 2, readyReplicas: 2}
        """}) {
      cluster.resource(cluster.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class))
          .create();
    }
  }

  private <T> T workflow(Class<T> type, String workflowId) {
    return temporal.client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setTaskQueue(config.getTemporal().getTaskQueue()).setWorkflowId(workflowId).build());
  }

  private record Cli(int code, String out, String err) {}

  private static Cli cli(String... args) throws Exception {
    ProcessBuilder builder = LifeboatProcess.builder("256m", args);
    builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", EmbeddedS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY",
        EmbeddedS3.SECRET_KEY));
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    String err = new String(process.getErrorStream().readAllBytes());
    process.waitFor();
    return new Cli(process.exitValue(), out, err);
  }
}
