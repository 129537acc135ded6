package io.lifeboat.config;

import static io.lifeboat.config.ConfigAssertions.assertDefaults;
import static io.lifeboat.config.ConfigAssertions.assertFullMapping;
import static io.lifeboat.config.ConfigAssertions.properties;
import static io.lifeboat.config.TargetConfigTest.FULL_COMMON_KEYS;
import static io.lifeboat.config.TargetConfigTest.fullCommonProperties;
import static io.lifeboat.config.TargetYaml.load;
import static io.lifeboat.config.TargetYaml.problem;
import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.util.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesTargetConfigTest {
  private static final String MINIMAL = """
      kind: kubernetes
      rpo: 1 hour
      rto: 4 hours
      namespaces: [shop]
      """;

  @TempDir Path directory;

  @Test
  void defaultsExportANamespaceWithHelmHistoryThroughTheInClusterServiceAccount() throws Exception {
    KubernetesTargetConfig target = load(directory, KubernetesTargetConfig.class, MINIMAL);

    assertThat(target.kind()).isEqualTo("kubernetes");
    assertThat(target.exportedResources()).isEqualTo(KubernetesTargetConfig.DEFAULT_RESOURCES);
    assertDefaults(target.getConnection(), properties()
        .set("kubeconfig", null)
        .set("context", null)
        .set("server", null)
        .set("tokenFile", null)
        .set("caFile", null));
    assertDefaults(target, properties()
        .set("connection", target.getConnection())
        .set("namespaces", List.of("shop"))
        .set("labelSelector", null)
        .set("helmReleases", true)
        .set("clusterResources", false)
        .set("resources", List.of())
        .set("scratchDirectory", null)
        .set("rpo", Duration.hours(1))
        .set("rto", Duration.hours(4))
        .set("retention", null)
        .set("schedules", List.of())
        .set("hooks", null)
        .set("drill", null)
        .set("storageQuota", null)
        .set("replaceApproval", TargetConfig.ReplaceApproval.REQUIRED)
        .set("replaceApprovalTimeout", Duration.hours(4))
        .set("anomaly", null));
  }

  @Test
  void mapsEveryKey() throws Exception {
    KubernetesTargetConfig target = load(directory, KubernetesTargetConfig.class, FULL_COMMON_KEYS + """
        kind: kubernetes
        connection:
          kubeconfig: /etc/lifeboat/kubeconfig
          context: prod
        namespaces: [shop, payments]
        labelSelector: app.kubernetes.io/part-of=shop
        helmReleases: false
        clusterResources: true
        resources: [ConfigMap, Deployment, Namespace]
        scratchDirectory: /var/tmp/lifeboat
        """);

    assertFullMapping(target, fullCommonProperties()
        .set("connection", target.getConnection())
        .set("namespaces", List.of("shop", "payments"))
        .set("labelSelector", "app.kubernetes.io/part-of=shop")
        .set("helmReleases", false)
        .set("clusterResources", true)
        .set("resources", List.of("ConfigMap", "Deployment", "Namespace"))
        .set("scratchDirectory", "/var/tmp/lifeboat"));
    // the other way to connect (server, tokenFile, caFile) is mapped below: a connection takes one
    assertThat(target.getConnection().getKubeconfig()).isEqualTo("/etc/lifeboat/kubeconfig");
    assertThat(target.getConnection().getContext()).isEqualTo("prod");
    // restore order, whatever the order written
    assertThat(target.exportedResources()).containsExactly("Namespace", "ConfigMap", "Deployment");
  }

  @Test
  void mapsAServerWithItsTokenAndCa() throws Exception {
    KubernetesTargetConfig target = load(directory, KubernetesTargetConfig.class, MINIMAL + """
        connection: {server: https://k8s.internal:6443, tokenFile: /etc/lifeboat/k8s-token, caFile: /etc/lifeboat/k8s-ca.crt}
        """);

    assertThat(target.getConnection().getServer()).isEqualTo("https://k8s.internal:6443");
    assertThat(target.getConnection().getTokenFile()).isEqualTo("/etc/lifeboat/k8s-token");
    assertThat(target.getConnection().getCaFile()).isEqualTo("/etc/lifeboat/k8s-ca.crt");
  }

  @Test
  void refusesATargetThatSelectsNothing() throws Exception {
    assertThat(problem(directory, "kind: kubernetes\nrpo: 1 hour\nrto: 4 hours\n"))
        .isEqualTo("'targets.main' selects nothing; set namespaces: [..] and/or labelSelector");
  }

  @Test
  void refusesBothAKubeconfigAndAServer() throws Exception {
    assertThat(problem(directory, MINIMAL + """
        connection: {kubeconfig: /etc/lifeboat/kubeconfig, server: https://k8s.internal:6443}
        """))
        .isEqualTo("'targets.main.connection' sets both kubeconfig and server; give one: a kubeconfig (and a"
            + " context), or a server with its tokenFile and caFile");
  }

  @Test
  void refusesAContextWithoutAKubeconfig() throws Exception {
    assertThat(problem(directory, MINIMAL + "connection: {context: prod}\n"))
        .isEqualTo("'targets.main.connection' sets a context without a kubeconfig; add kubeconfig:"
            + " /path/to/kubeconfig");
  }

  @Test
  void refusesAnUnknownResourceKind() throws Exception {
    assertThat(problem(directory, MINIMAL + "resources: [Pod]\n"))
        .startsWith("'targets.main' lists a resource kind Lifeboat does not export; use kinds out of:"
            + " CustomResourceDefinition, Namespace,");
  }

  @Test
  void refusesAMisspelledKeyAndSuggestsTheClosest() throws Exception {
    assertThat(problem(directory, MINIMAL + "namespace: [shop]\n"))
        .isEqualTo("'targets.main.namespace' is not a known key; expected one of: anomaly, clusterResources,"
            + " connection, drill, helmReleases, hooks, labelSelector, namespaces, replaceApproval,"
            + " replaceApprovalTimeout, resources, retention, rpo, rto, schedules, scratchDirectory, storageQuota"
            + " (did you mean 'namespaces'?)");
  }

  @Test
  void readsADestinationWithANamespaceMapping() throws Exception {
    Path file = directory.resolve("lifeboat.yml");
    Files.writeString(file, """
        storage:
          bucket: lifeboat-backups
        encryption:
          recipients: [/keys/ops.asc]
          signingKey: /keys/signer.sec.asc
        catalog:
          driverClass: org.postgresql.Driver
          url: jdbc:postgresql://localhost:5432/lifeboat
        destinations:
          dr-cluster:
            kind: kubernetes
            connection: {kubeconfig: /etc/lifeboat/dr-kubeconfig}
            namespaces: {shop: shop-restored}
        """);
    KubernetesDestinationConfig destination = (KubernetesDestinationConfig)
        LifeboatConfigLoader.load(file, Map.of()).getDestinations().get("dr-cluster");

    assertThat(destination.kind()).isEqualTo("kubernetes");
    assertThat(destination.getConnection().getKubeconfig()).isEqualTo("/etc/lifeboat/dr-kubeconfig");
    assertThat(destination.getNamespaces()).containsExactly(Map.entry("shop", "shop-restored"));
  }
}
