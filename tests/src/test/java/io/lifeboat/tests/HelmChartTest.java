package io.lifeboat.tests;

import static io.lifeboat.tests.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lifeboat.config.LifeboatConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart under deploy/helm/lifeboat. No Kubernetes cluster runs where the tests run, so
 * nothing is installed. Always: the chart's metadata, its values and the configuration they render
 * (loaded with Lifeboat's own loader) agree with the ports, the image and the shipped files. When
 * deploy/helm/check.sh has installed its pinned helm on this machine (it is too heavy to install
 * here), that script runs too: helm lint, helm template in three settings, each rendering checked.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HelmChartTest {
  private static final Path CHART = DeployFiles.DEPLOY.resolve("helm/lifeboat");
  private static final Path CHECK = DeployFiles.DEPLOY.resolve("helm/check.sh");

  @Test
  void theChartIsTheReleasesAndItsFilesAreTheShippedRulesAndDashboard() throws Exception {
    Map<String, Object> chart = DeployFiles.yaml(CHART.resolve("Chart.yaml"));
    assertThat(chart).containsEntry("apiVersion", "v2").containsEntry("name", "lifeboat")
        .containsEntry("appVersion", DeployFiles.releaseVersion());
    assertThat(Files.readString(CHART.resolve("files/lifeboat-rules.yml")))
        .isEqualTo(Files.readString(DeployFiles.DEPLOY.resolve("prometheus/lifeboat-rules.yml")));
    assertThat(Files.readString(CHART.resolve("files/lifeboat-dashboard.json")))
        .isEqualTo(Files.readString(DeployFiles.DEPLOY.resolve("grafana/lifeboat-dashboard.json")));
    assertThat(Files.isSymbolicLink(CHART.resolve("files/lifeboat-rules.yml"))).as("one copy of the rules").isTrue();
  }

  @Test
  void theDefaultConfigurationLoadsAndListensOnThePortsThePodsDeclare(@TempDir Path directory) throws Exception {
    Map<String, Object> values = DeployFiles.yaml(CHART.resolve("values.yaml"));
    Path config = Files.writeString(directory.resolve("lifeboat.yml"), new Yaml().dump(values.get("config")));

    LifeboatConfiguration lifeboat = DeployFiles.loadConfiguration(config);

    Map<String, Object> ports = map(values, "ports");
    assertThat(DeployFiles.port(lifeboat, true)).isEqualTo(ports.get("http"));
    assertThat(DeployFiles.port(lifeboat, false)).isEqualTo(ports.get("admin"));
    assertThat(DeployFiles.bindHost(lifeboat, true)).isEqualTo("0.0.0.0");
    assertThat(DeployFiles.bindHost(lifeboat, false)).as("the kubelet probes the pod's address").isEqualTo("0.0.0.0");
    assertThat(lifeboat.getAuth().enabled()).as("an API beyond loopback needs tokens").isTrue();
    assertThat(lifeboat.getWorker().getMetricsAddress()).isEqualTo("0.0.0.0:" + ports.get("workerMetrics"));
    Map<String, Object> keys = map(values, "keys");
    assertThat(lifeboat.getEncryption().getRecipients()).allSatisfy(p -> assertThat(p).startsWithRaw(Path.of("/etc/lifeboat/keys/recipients")));
    // Lifeboat loads a configured decryption key at start-up: the chart adds it with keys.decryptionSecret.
    assertThat(lifeboat.getEncryption().getDecryptionKey()).as("no decryption key unless restores run").isNull();
    assertThat(keys.get("decryptionSecret")).isEqualTo("");
  }

  @Test
  void podsRunAsTheImagesNonRootUserOnAReadOnlyRootFileSystem() throws Exception {
    Map<String, Object> values = DeployFiles.yaml(CHART.resolve("values.yaml"));
    Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$")
        .matcher(Files.readString(DeployFiles.DEPLOY.resolve("container/Containerfile")));
    assertThat(user.find()).isTrue();

    assertThat(map(values, "podSecurityContext")).containsEntry("runAsNonRoot", true)
        .containsEntry("runAsUser", Integer.parseInt(user.group(1))).containsEntry("runAsGroup", Integer.parseInt(user.group(2)));
    assertThat(map(values, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
        .containsEntry("allowPrivilegeEscalation", false);
    assertThat(map(values, "image")).containsEntry("repository", "lifeboat");
  }

  @Test
  void helmLintsAndRendersWhatTheCheckerExpects() throws Exception {
    Matcher version = Pattern.compile("(?m)^helm_version=(\\S+)$").matcher(Files.readString(CHECK));
    assertThat(version.find()).isTrue();
    String cache = System.getenv().getOrDefault("LIFEBOAT_CACHE",
        System.getenv().getOrDefault("XDG_CACHE_HOME", System.getProperty("user.home") + "/.cache") + "/lifeboat");
    Path helm = Path.of(cache, "helm-" + version.group(1), "helm");
    assumeTrue(Files.isExecutable(helm), "no helm at " + helm + ": deploy/helm/check.sh installs it (go install,"
        + " minutes) and runs this check; it is left out of ./run-tests");
    assumeTrue(Shell.exec(List.of("python3", "-c", "import yaml")).exit() == 0,
        "python3 with PyYAML is missing (apt-get install python3-yaml)");

    Shell.Result check = Shell.exec(List.of(CHECK.toString()));

    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("defaults: ok", "everything-on: ok", "existing-config-no-workers: ok")
        .endsWith("helm chart check: pass\n");
  }
}
