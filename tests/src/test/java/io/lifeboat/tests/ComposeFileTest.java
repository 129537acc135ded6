package io.lifeboat.tests;

import static io.lifeboat.tests.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.workflows.common.RunAttributes;
import io.temporal.common.SearchAttributeKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/compose/ as compose and its containers would read it. No container engine runs where the
 * tests run, so the stack is never started: these checks parse compose.yaml, load its lifeboat.yml
 * with Lifeboat's own loader, and run the compose Prometheus configuration through promtool
 * (Debian's prometheus package), which loads the shipped rules beside it.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ComposeFileTest {
  private static final Path COMPOSE_DIR = DeployFiles.DEPLOY.resolve("compose");
  private static final Pattern PINNED = Pattern.compile("[^:@]+:(v?\\d+\\.\\d+[.\\w-]*|RELEASE\\.[\\w-]+)");

  @Test
  void runsTemporalOnPostgresTheWebUiLifeboatPrometheusGrafanaAndMinioAsAProfile() throws Exception {
    Map<String, Object> services = services();

    assertThat(services).containsOnlyKeys("postgresql", "temporal-schema", "temporal", "temporal-setup",
        "temporal-ui", "lifeboat-server", "lifeboat-worker", "minio", "minio-bucket", "prometheus", "grafana");
    services.forEach((name, service) -> assertThat(((Map<?, ?>) service).get("profiles")).as(name)
        .isEqualTo(name.startsWith("minio") ? List.of("minio") : null));
    assertThat(((Map<?, ?>) services.get("temporal")).get("environment").toString()).contains("DB=postgres12")
        .contains("POSTGRES_SEEDS=postgresql");
    assertThat(((Map<?, ?>) services.get("lifeboat-server")).get("command"))
        .isEqualTo(List.of("server", "/etc/lifeboat/lifeboat.yml"));
    assertThat(((Map<?, ?>) services.get("lifeboat-worker")).get("command"))
        .isEqualTo(List.of("worker", "/etc/lifeboat/lifeboat.yml"));
  }

  @Test
  void everyImageIsPinnedToAVersionAndLifeboatsToTheRelease() throws Exception {
    String release = DeployFiles.releaseVersion();
    services().forEach((name, service) -> {
      String image = (String) ((Map<?, ?>) service).get("image");
      assertThat(image).as("%s's image", name).isNotNull().doesNotContain("latest");
      if (name.startsWith("lifeboat-")) {
        assertThat(image).as(name).isEqualTo("${LIFEBOAT_IMAGE:-lifeboat:" + release + "}");
        Map<String, Object> build = map(service, "build");
        assertThat(map(build, "args")).as(name).containsEntry("LIFEBOAT_VERSION", "${LIFEBOAT_VERSION:-" + release + "}");
        Path context = COMPOSE_DIR.resolve((String) build.get("context")).normalize();
        assertThat(context).isEqualTo(Path.of("../dist/target"));
        assertThat(context.resolve((String) build.get("dockerfile")).normalize())
            .isEqualTo(DeployFiles.DEPLOY.resolve("container/Containerfile").normalize()).exists();
      } else {
        assertThat(PINNED.matcher(image).matches()).as("%s's image %s names a version", name, image).isTrue();
      }
    });
  }

  @Test
  void everyFileMountedFromTheRepositoryExists() throws Exception {
    List<String> mounted = new ArrayList<>();
    services().forEach((name, service) -> {
      for (Object volume : volumes(service)) {
        String source = volume.toString().split(":")[0];
        if (source.startsWith(".")) {
          assertThat(COMPOSE_DIR.resolve(source)).as("%s mounts %s", name, source).exists();
          mounted.add(source);
        }
      }
    });
    assertThat(mounted).contains("../prometheus/lifeboat-rules.yml", "../grafana/lifeboat-dashboard.json",
        "./lifeboat.yml", "./prometheus.yml", "./keys", "./grafana/provisioning");
    for (String script : List.of("postgres/create-lifeboat-catalog.sh", "temporal/setup-schema.sh",
        "temporal/create-namespace.sh")) {
      Shell.Result syntax = Shell.exec(List.of("sh", "-n", COMPOSE_DIR.resolve(script).toString()));
      assertThat(syntax.exit()).as(script + ": " + syntax.output()).isZero();
    }
  }

  @Test
  void prometheusLoadsTheShippedRulesAndScrapesThePortsLifeboatListensOn(@TempDir Path etcPrometheus)
      throws Exception {
    LifeboatConfiguration lifeboat = DeployFiles.loadConfiguration(COMPOSE_DIR.resolve("lifeboat.yml"));
    Map<String, Object> prometheusService = map(services(), "prometheus");
    Map<String, String> mounts = new java.util.HashMap<>();
    for (Object volume : volumes(prometheusService)) {
      String[] parts = volume.toString().split(":");
      mounts.put(parts[1], parts[0]);
    }
    Map<String, Object> prometheus = DeployFiles.yaml(COMPOSE_DIR.resolve("prometheus.yml"));
    assertThat(mounts).containsEntry("/etc/prometheus/prometheus.yml", "./prometheus.yml");
    for (Object rules : (List<?>) prometheus.get("rule_files")) {
      assertThat(mounts).containsEntry("/etc/prometheus/" + rules, "../prometheus/lifeboat-rules.yml");
    }

    Map<String, String> targets = new java.util.TreeMap<>();
    for (Object job : (List<?>) prometheus.get("scrape_configs")) {
      String name = (String) ((Map<?, ?>) job).get("job_name");
      assertThat(name).startsWith("lifeboat"); // the scrape-down alert watches up{job=~"lifeboat.*"}
      for (Object config : (List<?>) ((Map<?, ?>) job).get("static_configs")) {
        for (Object target : (List<?>) ((Map<?, ?>) config).get("targets")) {
          targets.put(name, (String) target);
        }
      }
    }
    String metrics = lifeboat.getWorker().getMetricsAddress();
    assertThat(metrics).startsWith("0.0.0.0:"); // reachable from the prometheus container
    assertThat(DeployFiles.bindHost(lifeboat, true)).isEqualTo("0.0.0.0");
    assertThat(lifeboat.getAuth().enabled()).as("an API beyond loopback needs tokens").isTrue();
    assertThat(targets).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
        "lifeboat-server", "lifeboat-server:" + DeployFiles.port(lifeboat, true),
        "lifeboat-worker", "lifeboat-worker:" + metrics.substring(metrics.lastIndexOf(':') + 1))));

    // promtool reads the configuration as the container sees it: the rules beside it.
    Files.copy(COMPOSE_DIR.resolve("prometheus.yml"), etcPrometheus.resolve("prometheus.yml"));
    Files.copy(DeployFiles.DEPLOY.resolve("prometheus/lifeboat-rules.yml"), etcPrometheus.resolve("lifeboat-rules.yml"));
    Shell.Result check = Shell.exec(List.of("promtool", "check", "config", etcPrometheus.resolve("prometheus.yml")
        .toString()));
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + AlertRulesTest.alerts().size() + " rules found");
  }

  @Test
  void lifeboatsConfigurationLoadsReachesTheStacksServicesAndEveryVariableIsInTheEnvExample() throws Exception {
    Path config = COMPOSE_DIR.resolve("lifeboat.yml");
    LifeboatConfiguration lifeboat = DeployFiles.loadConfiguration(config);
    Map<String, Object> services = services();

    assertThat(lifeboat.getTemporal().getTarget()).isEqualTo("temporal:7233");
    assertThat(services).containsKey("temporal");
    assertThat(lifeboat.getCatalog().getUrl()).isEqualTo("jdbc:postgresql://postgresql:5432/lifeboat");
    assertThat(Files.readString(COMPOSE_DIR.resolve("postgres/create-lifeboat-catalog.sh")))
        .contains("CREATE ROLE " + lifeboat.getCatalog().getUser() + " ", "CREATE DATABASE lifeboat ");
    assertThat(lifeboat.getStorage().getEndpoint().toString()).isEqualTo("http://s3.internal:9000");
    assertThat(Files.readString(config)).contains("${S3_ENDPOINT:-http://minio:9000}");
    assertThat(lifeboat.getTemporal().getWebUiOrigins()).containsExactly("http://localhost:"
        + hostPort(services, "temporal-ui"));

    String envExample = Files.readString(COMPOSE_DIR.resolve(".env.example"));
    Set<String> listed = new TreeSet<>();
    Matcher line = Pattern.compile("(?m)^#? ?([A-Z0-9_]+)=").matcher(envExample);
    while (line.find()) {
      listed.add(line.group(1));
    }
    Set<String> used = new TreeSet<>(DeployFiles.variables(Files.readString(config)).keySet());
    used.addAll(DeployFiles.variables(Files.readString(COMPOSE_DIR.resolve("compose.yaml"))).keySet());
    assertThat(listed).containsAll(used);
  }

  @Test
  void theSetupCreatesTheConfiguredNamespaceWithEverySearchAttributeLifeboatSets() throws Exception {
    LifeboatConfiguration lifeboat = DeployFiles.loadConfiguration(COMPOSE_DIR.resolve("lifeboat.yml"));
    String script = Files.readString(COMPOSE_DIR.resolve("temporal/create-namespace.sh"));

    assertThat(script).contains("ns=" + lifeboat.getTemporal().getNamespace() + "\n");
    Matcher names = Pattern.compile("for name in ([\\w ]+); do").matcher(script);
    assertThat(names.find()).isTrue();
    assertThat(new TreeSet<>(List.of(names.group(1).split(" "))))
        .isEqualTo(new TreeSet<>(RunAttributes.ALL.stream().map(SearchAttributeKey::getName).toList()));
    assertThat(script).contains("--type Keyword");
    assertThat(RunAttributes.ALL).allSatisfy(key -> assertThat(key.getValueType().name()).endsWith("KEYWORD"));
  }

  @Test
  void grafanaGetsThePrometheusDataSourceAndTheShippedDashboard() throws Exception {
    Map<String, Object> datasources = DeployFiles.yaml(COMPOSE_DIR.resolve("grafana/provisioning/datasources/prometheus.yml"));
    Map<?, ?> datasource = (Map<?, ?>) ((List<?>) datasources.get("datasources")).get(0);
    assertThat(datasource.get("type")).isEqualTo("prometheus");
    assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");

    Map<String, Object> providers = DeployFiles.yaml(COMPOSE_DIR.resolve("grafana/provisioning/dashboards/lifeboat.yml"));
    String path = (String) map(((List<?>) providers.get("providers")).get(0), "options").get("path");
    assertThat(volumes(services().get("grafana")).stream().map(Object::toString))
        .contains("../grafana/lifeboat-dashboard.json:" + path + "/lifeboat-dashboard.json:ro");
  }

  private static Map<String, Object> services() throws Exception {
    return map(DeployFiles.yaml(COMPOSE_DIR.resolve("compose.yaml")), "services");
  }

  private static List<?> volumes(Object service) {
    Object volumes = ((Map<?, ?>) service).get("volumes");
    return volumes == null ? List.of() : (List<?>) volumes;
  }

  private static String hostPort(Map<String, Object> services, String service) {
    String published = (String) ((List<?>) ((Map<?, ?>) services.get(service)).get("ports")).get(0);
    return published.split(":")[1];
  }
}
