package io.lifeboat.activities.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.HashMap;
import java.util.Queue;
import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.OneSourceActivities;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.common.Failures;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.SourceActivities;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KubernetesSource} through the real backup pipeline (S3Proxy, OpenPGP, signed manifests,
 * a real catalog), as a worker runs it. No Kubernetes API server can run on this machine, so the
 * cluster is fabric8's Kubernetes mock server in CRUD mode: a real HTTP server that stores what it
 * is sent and answers reads from it. It accepts any order and enforces no immutability or RBAC, so
 * the restore order is asserted on the requests it recorded, and refusals are its expectations.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KubernetesSourceTest {
  private static final TargetRef SHOP = TargetRef.of("shop");
  private static final Destination OWN_CLUSTER = new Destination(SHOP, null);
  private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
      .withGroup("example.com").withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true)
      .build();

  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();
  @TempDir static Path dir;

  private ObjectStore store;
  private Catalog catalog;
  private BackupStore backups;
  private StoredBackups stored;
  private TestActivityEnvironment environment;
  private SourceActivities steps;
  private KubernetesMockServer server;
  private KubernetesClient client;
  private KubernetesSource source;
  private int backupNumber;

  /** The catalog's PostgreSQL and the test keys take most of it, on a busy machine. */
  @BeforeAll
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void start() throws Exception {
    store = s3.store("backups", "lifeboat", ObjectStore.MIN_PART_SIZE, 2);
    DataSource catalogDb = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(catalogDb);
    catalog = new Catalog(catalogDb);
    backups = new BackupStore(store, new ManifestSigner(TestKeys.alice().secretKeys()));
    stored = new StoredBackups(catalog, backups, new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())));
  }

  @BeforeEach
  void startCluster() {
    // CRUD, plain HTTP, with expectations (a 403) answered first
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    client = server.createClient(new JdkHttpClientFactory());
    KubernetesConnection connection = new KubernetesConnection(null, null, server.url("/").replaceAll("/$", ""),
        null, null);
    source = source(connection, Map.of("dr", new KubernetesDestination(connection, Map.of("shop", "shop-dr"))));
    environment = TestActivityEnvironment.newInstance();
    steps = OneSourceActivities.stub(environment, source, "shop", catalog);
    populate();
  }

  @AfterEach
  void stopCluster() {
    environment.close();
    client.close();
    server.destroy();
  }

  @AfterAll
  void stop() throws Exception {
    store.close();
  }

  private KubernetesSource source(KubernetesConnection connection, Map<String, KubernetesDestination> destinations) {
    return source(connection, destinations, true);
  }

  private KubernetesSource source(KubernetesConnection connection, Map<String, KubernetesDestination> destinations,
      boolean clusterResources) {
    KubernetesTarget target = new KubernetesTarget("shop", connection, List.of("shop"), null, true, clusterResources,
        io.lifeboat.config.KubernetesTargetConfig.DEFAULT_RESOURCES, dir, Duration.ofHours(1), Duration.ofHours(1));
    return new KubernetesSource(new KubernetesTargets(Map.of("shop", target)), catalog, backups, stored,
        new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1),
        new Manifest.Encryption("openpgp", List.of(TestKeys.alice().fingerprint()), TestKeys.alice().fingerprint()),
        Map.of("lifeboat", "test"), new Destinations(destinations));
  }

  @Test
  void backsUpTheNamespaceInDeclarativeFormWithItsHelmHistory() throws Exception {
    // the mock server keeps what the cluster sets, so there is something to strip
    var live = client.apps().deployments().inNamespace("shop").withName("app").get();
    assertThat(live.getStatus().getReadyReplicas()).isEqualTo(2);
    assertThat(live.getMetadata().getUid()).isNotNull();
    assertThat(live.getMetadata().getResourceVersion()).isNotNull();
    assertThat(live.getMetadata().getManagedFields()).isNotEmpty();

    SignedManifest signed = backUp();
    List<Map<String, Object>> objects = storedObjects(signed);

    assertThat(objects).extracting(o -> o.get("kind") + " " + name(o)).containsExactly(
        "CustomResourceDefinition widgets.example.com",
        "Namespace shop",
        "ServiceAccount app",
        "Role app-reader",
        "RoleBinding app-reader",
        "ConfigMap app-config",
        "Secret app-secret",
        "Secret sh.helm.release.v1.app.v1",
        "Secret sh.helm.release.v1.app.v2",
        "Service app",
        "Deployment app",
        "Widget w1");
    for (Map<String, Object> object : objects) {
      @SuppressWarnings("unchecked") Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
      assertThat(object).as(name(object)).doesNotContainKey("status");
      assertThat(metadata).as(name(object)).doesNotContainKeys("uid", "resourceVersion", "managedFields",
          "creationTimestamp", "generation");
    }
    Map<String, Object> service = find(objects, "Service", "app");
    assertThat(map(service.get("spec"))).doesNotContainKeys("clusterIP", "clusterIPs");
    Map<String, Object> annotations = map(map(find(objects, "Deployment", "app").get("metadata"))
        .get("annotations"));
    assertThat(annotations).containsOnlyKeys("team");
    // Helm revisions kept whole: the release payload as stored
    assertThat(((Map<?, ?>) find(objects, "Secret", "sh.helm.release.v1.app.v2").get("data")).get("release"))
        .isEqualTo("SDRzSUFBQUFBQUFBL3JlbGVhc2U2");
    assertThat(signed.manifest().rowCounts()).containsEntry("objects", 12L).containsEntry("helm-releases", 2L)
        .containsEntry("kind:Deployment", 1L);
  }

  @Test
  void restoresEverythingDeletedInDependencyOrderAndAgainIdempotently() throws Exception {
    SignedManifest signed = backUp();
    List<Map<String, Object>> before = exported();
    deleteEverything();
    assertThat(exported()).isEmpty();
    drainRequests();

    Staged staged = steps.restoreStaged(signed.manifest().backupId(), OWN_CLUSTER, "run1");
    assertThat(writes()).as("staging only reads").isEmpty();
    assertThat(staged.summary()).contains("12 to create, 0 to replace");
    Comparison comparison = steps.compare(signed.manifest().backupId(), OWN_CLUSTER, staged);
    assertThat(comparison.mismatches()).isEmpty();
    Committed committed = steps.commit(signed.manifest().backupId(), OWN_CLUSTER, staged, "run1");

    assertThat(writes()).containsExactly(
        "POST /apis/apiextensions.k8s.io/v1/customresourcedefinitions",
        "POST /api/v1/namespaces",
        "POST /api/v1/namespaces/shop/serviceaccounts",
        "POST /apis/rbac.authorization.k8s.io/v1/namespaces/shop/roles",
        "POST /apis/rbac.authorization.k8s.io/v1/namespaces/shop/rolebindings",
        "POST /api/v1/namespaces/shop/configmaps",
        "POST /api/v1/namespaces/shop/secrets",
        "POST /api/v1/namespaces/shop/secrets",
        "POST /api/v1/namespaces/shop/secrets",
        "POST /api/v1/namespaces/shop/services",
        "POST /apis/apps/v1/namespaces/shop/deployments",
        "POST /apis/example.com/v1/namespaces/shop/widgets");
    assertThat(exported()).isEqualTo(before);
    assertThat(committed.summary()).contains("12 created, 0 replaced");

    // a retried commit replaces what is there, and creates nothing twice
    steps.commit(signed.manifest().backupId(), OWN_CLUSTER, staged, "run1");
    assertThat(writes()).hasSize(12).allMatch(w -> w.startsWith("PUT "));
    assertThat(exported()).isEqualTo(before);
    steps.dropReplaced(OWN_CLUSTER, committed);
  }

  @Test
  void aRollbackDeletesWhatTheRestoreCreatedAndPutsBackWhatItReplaced() throws Exception {
    SignedManifest signed = backUp();
    client.configMaps().inNamespace("shop").withName("app-config").edit(c -> {
      c.getData().put("mode", "changed-after-backup");
      return c;
    });
    client.secrets().inNamespace("shop").withName("app-secret").delete();
    Staged staged = steps.restoreStaged(signed.manifest().backupId(), OWN_CLUSTER, "run2");
    Committed committed = steps.commit(signed.manifest().backupId(), OWN_CLUSTER, staged, "run2");
    assertThat(client.configMaps().inNamespace("shop").withName("app-config").get().getData())
        .containsEntry("mode", "production");
    assertThat(client.secrets().inNamespace("shop").withName("app-secret").get()).isNotNull();

    steps.rollback(OWN_CLUSTER, committed);

    assertThat(client.configMaps().inNamespace("shop").withName("app-config").get().getData())
        .containsEntry("mode", "changed-after-backup");
    assertThat(client.secrets().inNamespace("shop").withName("app-secret").get()).isNull();
    assertThat(Path.of(committed.keptAs())).as("the journal, which held the replaced objects").doesNotExist();
    steps.rollback(OWN_CLUSTER, committed); // a retried rollback: done already, nothing more
    assertThat(client.configMaps().inNamespace("shop").withName("app-config").get().getData())
        .containsEntry("mode", "changed-after-backup");
  }

  @Test
  void aRollbackWhoseJournalIsGoneSaysSoAndChangesNothing() throws Exception {
    SignedManifest signed = backUp();
    client.configMaps().inNamespace("shop").withName("app-config").edit(c -> {
      c.getData().put("mode", "changed-after-backup");
      return c;
    });
    Staged staged = steps.restoreStaged(signed.manifest().backupId(), OWN_CLUSTER, "run7");
    Committed committed = steps.commit(signed.manifest().backupId(), OWN_CLUSTER, staged, "run7");
    java.nio.file.Files.delete(Path.of(committed.keptAs()));

    assertThatThrownBy(() -> steps.rollback(OWN_CLUSTER, committed))
        .satisfies(e -> assertThat(Failures.message(e)).startsWith("the restore journal " + committed.keptAs()
            + " is gone").contains("cannot be undone automatically"));
    assertThat(client.configMaps().inNamespace("shop").withName("app-config").get().getData())
        .containsEntry("mode", "production");
  }

  @Test
  void aCommitRefusedHalfwayPutsBackWhatItHadApplied() throws Exception {
    SignedManifest signed = backUp();
    deleteEverything();
    server.expect().post().withPath("/apis/apps/v1/namespaces/shop/deployments").andReturn(422,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"Deployment.apps"
            + " \\\"app\\\" is invalid\",\"reason\":\"Invalid\",\"code\":422}").always();
    Staged staged = steps.restoreStaged(signed.manifest().backupId(), OWN_CLUSTER, "run5");

    assertThatThrownBy(() -> steps.commit(signed.manifest().backupId(), OWN_CLUSTER, staged, "run5"))
        .satisfies(e -> assertThat(Failures.message(e)).startsWith("API server " + serverUrl() + " answered 422 to"
            + " create Deployment shop/app: Deployment.apps \"app\" is invalid").endsWith("what was applied is put back"));
    assertThat(client.namespaces().withName("shop").get()).isNull();
    assertThat(client.configMaps().inNamespace("shop").withName("app-config").get()).isNull();
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").get()).isNull();
    assertThat(dir.resolve("lifeboat-kubernetes-shop-run5.journal")).doesNotExist();
  }

  @Test
  void restoresIntoAnotherNamespaceThroughADestination() throws Exception {
    SignedManifest signed = backUp();
    Destination dr = new Destination(SHOP, null, "dr", false, false);

    Staged staged = steps.restoreStaged(signed.manifest().backupId(), dr, "run3");
    steps.commit(signed.manifest().backupId(), dr, staged, "run3");

    assertThat(client.namespaces().withName("shop-dr").get()).isNotNull();
    assertThat(client.apps().deployments().inNamespace("shop-dr").withName("app").get()).isNotNull();
    assertThat(client.rbac().roleBindings().inNamespace("shop-dr").withName("app-reader").get().getSubjects())
        .extracting(s -> s.getNamespace()).containsExactly("shop-dr");
    assertThat(client.genericKubernetesResources(WIDGETS).inNamespace("shop-dr").withName("w1").get()).isNotNull();
    assertThat(client.configMaps().inNamespace("shop").withName("app-config").get().getData())
        .as("the original namespace untouched").containsEntry("mode", "production");
  }

  @Test
  void aDryRunListsThePlanInOrderAndWritesNothing() throws Exception {
    SignedManifest signed = backUp();
    client.secrets().inNamespace("shop").withName("app-secret").delete();
    drainRequests();

    List<String> plan = source.plan(signed.manifest().backupId(), new Destination(SHOP, "shop=shop-copy"));

    assertThat(plan).first().isEqualTo("replace CustomResourceDefinition widgets.example.com");
    assertThat(plan).contains("create Namespace shop-copy", "create Secret shop-copy/app-secret",
        "create Deployment shop-copy/app").last().isEqualTo("create Widget shop-copy/w1");
    assertThat(writes()).isEmpty();
    assertThat(client.namespaces().withName("shop-copy").get()).isNull();
  }

  @Test
  void aTestRestoreParsesAndChecksEveryObject() throws Exception {
    SignedManifest signed = backUp();

    TestRestoreReport report = steps.testRestore(signed.manifest().backupId());

    assertThat(report.comparison().mismatches()).isEmpty();
    assertThat(report.comparison().compared()).isEqualTo(12);
    assertThat(report.summary()).contains("2 Helm release revisions", "No cluster was started");
    assertThat(steps.checkIntegrity(signed.manifest().backupId()).archiveEntries()).isEqualTo(12);
  }

  @Test
  void aCorruptedBackupIsRefusedAndTheClusterIsUntouched() throws Exception {
    SignedManifest signed = backUp();
    String key = signed.objectKey(ObjectStream.OBJECT);
    byte[] object = store.get(key);
    object[object.length - 30] ^= 0x40;
    store.put(key, object);
    deleteEverything();
    drainRequests();

    assertThatThrownBy(() -> steps.restoreStaged(signed.manifest().backupId(), OWN_CLUSTER, "run4"))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.INTEGRITY));
    assertThatThrownBy(() -> steps.checkIntegrity(signed.manifest().backupId()))
        .satisfies(e -> assertThat(Failures.type(e)).isEqualTo(FailureTypes.INTEGRITY));
    assertThat(writes()).isEmpty();
  }

  @Test
  void anUnknownNamespaceIsNamedAndNothingIsStored() throws Exception {
    client.namespaces().withName("shop").delete();

    assertThatThrownBy(this::backUp).satisfies(e -> {
      assertThat(Failures.type(e)).isEqualTo(FailureTypes.BAD_REQUEST);
      assertThat(Failures.message(e)).isEqualTo("namespace shop does not exist on API server " + serverUrl()
          + "; nothing was stored. Fix namespaces: of target shop, or check the connection points at the right"
          + " cluster");
    });
    assertThat(store.list("lifeboat/shop/kubernetes/")).noneMatch(k -> k.contains(lastBackupId()));
  }

  @Test
  void aForbiddenListIsOneLineNamingTheFix() throws Exception {
    server.expect().get().withPath("/api/v1/namespaces/shop/serviceaccounts").andReturn(403,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"serviceaccounts is forbidden:"
            + " User \\\"lifeboat\\\" cannot list resource\",\"reason\":\"Forbidden\",\"code\":403}").always();

    assertThatThrownBy(this::backUp).satisfies(e -> {
      assertThat(Failures.type(e)).isEqualTo(FailureTypes.INVALID_CONFIGURATION);
      assertThat(Failures.message(e)).startsWith("API server " + serverUrl() + " refused to list serviceaccounts in"
          + " namespace shop (403 Forbidden: serviceaccounts is forbidden").endsWith("grant the worker's account get,"
          + " list, create and update on it (see docs/sources.md, Kubernetes)").doesNotContain("\n");
    });
    assertThat(store.list("lifeboat/shop/kubernetes/")).noneMatch(k -> k.contains(lastBackupId()));
  }

  @Test
  void withoutClusterResourcesAnAccountThatMayNotListCrdsBacksUpTheRestWithAWarning() throws Exception {
    server.expect().get().withPath("/apis/apiextensions.k8s.io/v1/customresourcedefinitions").andReturn(403,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"forbidden\","
            + "\"reason\":\"Forbidden\",\"code\":403}").always();
    environment.close();
    environment = TestActivityEnvironment.newInstance();
    steps = OneSourceActivities.stub(environment, source(new KubernetesConnection(null, null, serverUrl(), null,
        null), Map.of(), false), "shop", catalog);

    SourceBackupResult result = steps.backup(new SourceBackupRequest(SHOP, String.format("20260101T%06dZ-k8s",
        ++backupNumber), "wf", "run", null));

    assertThat(result.warnings()).containsExactly("custom resources were not exported: API server " + serverUrl()
        + " refused to list customresourcedefinitions (403 Forbidden: forbidden); grant list on"
        + " customresourcedefinitions, or leave CustomResources out of resources:");
    assertThat(result.summary()).startsWith("10 objects (2 Helm release revisions)");
  }

  @Test
  void aSelectorAloneExportsWhatItMatchesWithTheHelmHistoryOfThoseNamespacesOnly() {
    create("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: other}
        """);
    create("""
        apiVersion: v1
        kind: Secret
        metadata: {name: sh.helm.release.v1.db.v1, namespace: other, labels: {owner: helm, name: db}}
        type: helm.sh/release.v1
        data: {release: eA==}
        """);
    create("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: flags, namespace: shop, labels: {part-of: storefront}}
        data: {beta: "on"}
        """);
    KubernetesTarget selector = new KubernetesTarget("shop", new KubernetesConnection(null, null, serverUrl(), null,
        null), List.of(), "part-of=storefront", true, false,
        io.lifeboat.config.KubernetesTargetConfig.DEFAULT_RESOURCES, dir, Duration.ofHours(1), Duration.ofHours(1));

    List<Map<String, Object>> objects = new ClusterExport(selector, client).objects();

    assertThat(objects).extracting(o -> o.get("kind") + " " + ResourceKinds.metadata(o, "namespace") + "/" + name(o))
        .containsExactly("Namespace null/shop", "ConfigMap shop/flags", "Secret shop/sh.helm.release.v1.app.v1",
            "Secret shop/sh.helm.release.v1.app.v2");
  }

  @Test
  void anUnreachableApiServerIsOneLineNamingIt() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    KubernetesConnection nowhere = new KubernetesConnection(null, null, "http://127.0.0.1:" + port, null, null);
    environment.close();
    environment = TestActivityEnvironment.newInstance();
    steps = OneSourceActivities.stub(environment, source(nowhere, Map.of()), "shop", catalog);

    assertThatThrownBy(this::backUp).satisfies(e -> {
      assertThat(Failures.type(e)).isEqualTo(FailureTypes.DATABASE_UNREACHABLE);
      assertThat(Failures.message(e)).startsWith("cannot reach API server http://127.0.0.1:" + port
          + " to get namespaces/shop: connection failed (").endsWith("; check the target's connection and that the API server is up")
          .doesNotContain("\n");
    });
  }

  @Test
  void aNamespaceMappingThatIsNotOneIsRefused() {
    assertThatThrownBy(() -> steps.inspect(new Destination(SHOP, "shop=Not_A_Namespace")))
        .satisfies(e -> assertThat(Failures.message(e)).isEqualTo("'shop=Not_A_Namespace' is not a namespace"
            + " mapping; give the namespaces as from=to[,from=to], e.g. shop=shop-restored"));
  }

  // --- the cluster

  private String serverUrl() {
    return server.url("/").replaceAll("/$", "");
  }

  private void populate() {
    create("""
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: widgets.example.com}
        spec:
          group: example.com
          scope: Namespaced
          names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
          versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
        """);
    create("""
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {team: shop}}
        """);
    create("""
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: app, namespace: shop}
        """);
    create("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: app-reader, namespace: shop}
        rules: [{apiGroups: [""], resources: [configmaps], verbs: [get, list]}]
        """);
    create("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: app-reader, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: app-reader}
        subjects: [{kind: ServiceAccount, name: app, namespace: shop}]
        """);
    create("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config, namespace: shop}
        data: {mode: production}
        """);
    create("""
        apiVersion: v1
        kind: Secret
        metadata: {name: app-secret, namespace: shop}
        type: Opaque
        data: {password: czNjcmV0}
        """);
    for (int version = 1; version <= 2; version++) {
      create("""
          apiVersion: v1
          kind: Secret
          metadata:
            name: sh.helm.release.v1.app.v%d
            namespace: shop
            labels: {owner: helm, name: app, version: "%d", status: %s}
          type: helm.sh/release.v1
          data: {release: SDRzSUFBQUFBQUFBL3JlbGVhc2U%d}
          """.formatted(version, version, version == 1 ? "superseded" : "deployed", version));
    }
    create("""
        apiVersion: v1
        kind: Service
        metadata: {name: app, namespace: shop}
        spec: {clusterIP: 10.96.0.12, clusterIPs: [10.96.0.12], selector: {app: app}, ports: [{port: 80, targetPort: 8080}]}
        """);
    create("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
          namespace: shop
          annotations:
            team: shop
            deployment.kubernetes.io/revision: "3"
            kubectl.kubernetes.io/last-applied-configuration: '{"kind":"Deployment"}'
          managedFields: [{manager: kubectl, operation: Apply, apiVersion: apps/v1}]
        spec:
          replicas: 2
          selector: {matchLabels: {app: app}}
          template:
            metadata: {labels: {app: app}}
            spec: {serviceAccountName: app, containers: [{name: app, image: "shop/app:1.4"}]}
        status: {replicas: 2, readyReplicas: 2, observedGeneration: 3}
        """);
    create("""
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w1, namespace: shop}
        spec: {size: 3}
        """);
  }

  private void create(String yaml) {
    GenericKubernetesResource resource = client.getKubernetesSerialization().unmarshal(yaml,
        GenericKubernetesResource.class);
    client.resource(resource).create();
  }

  private void deleteEverything() {
    client.genericKubernetesResources(WIDGETS).inNamespace("shop").delete();
    client.apps().deployments().inNamespace("shop").delete();
    client.services().inNamespace("shop").delete();
    client.secrets().inNamespace("shop").delete();
    client.configMaps().inNamespace("shop").delete();
    client.rbac().roleBindings().inNamespace("shop").delete();
    client.rbac().roles().inNamespace("shop").delete();
    client.serviceAccounts().inNamespace("shop").delete();
    client.namespaces().withName("shop").delete();
    client.apiextensions().v1().customResourceDefinitions().withName("widgets.example.com").delete();
  }

  /** What the cluster holds of the backed-up objects, in declarative form, in restore order. */
  private List<Map<String, Object>> exported() {
    KubernetesTarget target = new KubernetesTarget("shop", null, List.of(), "never-matches=1", true, true,
        io.lifeboat.config.KubernetesTargetConfig.DEFAULT_RESOURCES, dir, Duration.ofHours(1), Duration.ofHours(1));
    List<Map<String, Object>> found = new ArrayList<>();
    if (client.namespaces().withName("shop").get() != null) {
      found.addAll(new ClusterExport(new KubernetesTarget("shop", new KubernetesConnection(null, null, serverUrl(),
          null, null), List.of("shop"), null, true, true, target.resources(), dir, Duration.ofHours(1),
          Duration.ofHours(1)), client).objects());
    }
    return found;
  }

  /** Forgets the requests made so far. */
  private void drainRequests() throws InterruptedException {
    while (server.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // drained
    }
  }

  /** The writes (method and path) received since the last call, in order. */
  private List<String> writes() throws InterruptedException {
    List<String> writes = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      if (!request.getMethod().equals("GET")) {
        writes.add(request.getMethod() + " " + request.getPath().replaceAll("\\?.*", ""));
      }
    }
    return writes;
  }

  private SignedManifest backUp() {
    String backupId = String.format("20260101T%06dZ-k8s", ++backupNumber);
    SourceBackupResult result = steps.backup(new SourceBackupRequest(SHOP, backupId, "wf", "run", null));
    SignedManifest signed = backups.readManifest(result.manifestKey());
    catalog.recordBackup(signed.manifest(), signed.key(), signed.sha256());
    return signed;
  }

  private String lastBackupId() {
    return String.format("20260101T%06dZ-k8s", backupNumber);
  }

  private List<Map<String, Object>> storedObjects(SignedManifest signed) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    stored.read(signed, signed.manifest().objects().get(0), bytes, n -> { });
    return ObjectStream.read(new ByteArrayInputStream(bytes.toByteArray()));
  }

  private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
    return objects.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(name(o))).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  private static String name(Map<String, Object> object) {
    return ResourceKinds.metadata(object, "name");
  }
}
