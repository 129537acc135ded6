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
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdTargetConfigTest {
  private static final String MINIMAL = """
      kind: etcd
      rpo: 1 hour
      rto: 4 hours
      """;

  @TempDir Path directory;

  @Test
  void defaultsReachALocalMemberThatCanBeBackedUpButNotRestored() throws Exception {
    EtcdTargetConfig target = load(directory, EtcdTargetConfig.class, MINIMAL);

    assertThat(target.kind()).isEqualTo("etcd");
    assertDefaults(target, properties()
        .set("endpoints", List.of("http://127.0.0.1:2379"))
        .set("user", null)
        .set("password", null)
        .set("caFile", null)
        .set("certFile", null)
        .set("keyFile", null)
        .set("scratchDirectory", null)
        .set("restore", null)
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
  void defaultsRestoreOneLocalMemberAndStartNothing() throws Exception {
    EtcdTargetConfig target = load(directory, EtcdTargetConfig.class, MINIMAL + """
        restore:
          dataDirectory: /var/lib/etcd-restored
        """);

    assertDefaults(target.getRestore(), properties()
        .set("dataDirectory", "/var/lib/etcd-restored")
        .set("name", "default")
        .set("initialCluster", "default=http://localhost:2380")
        .set("initialAdvertisePeerUrls", "http://localhost:2380")
        .set("stopCommand", null)
        .set("startCommand", null)
        .set("startTimeout", Duration.minutes(5)));
  }

  @Test
  void mapsEveryKey() throws Exception {
    EtcdTargetConfig target = load(directory, EtcdTargetConfig.class, FULL_COMMON_KEYS + """
        kind: etcd
        endpoints: [https://10.0.0.1:2379, https://10.0.0.2:2379]
        user: root
        password: s3cret
        caFile: /etc/kubernetes/pki/etcd/ca.crt
        certFile: /etc/kubernetes/pki/etcd/healthcheck-client.crt
        keyFile: /etc/kubernetes/pki/etcd/healthcheck-client.key
        scratchDirectory: /var/tmp/lifeboat
        restore:
          dataDirectory: /var/lib/etcd-restored
          name: cp1
          initialCluster: cp1=https://10.0.0.1:2380
          initialAdvertisePeerUrls: https://10.0.0.1:2380
          stopCommand: mv /etc/kubernetes/manifests/etcd.yaml /etc/kubernetes/
          startCommand: mv /etc/kubernetes/etcd.yaml /etc/kubernetes/manifests/
          startTimeout: 90 seconds
        """);

    assertFullMapping(target, fullCommonProperties()
        .set("endpoints", List.of("https://10.0.0.1:2379", "https://10.0.0.2:2379"))
        .set("user", "root")
        .set("password", "s3cret")
        .set("caFile", "/etc/kubernetes/pki/etcd/ca.crt")
        .set("certFile", "/etc/kubernetes/pki/etcd/healthcheck-client.crt")
        .set("keyFile", "/etc/kubernetes/pki/etcd/healthcheck-client.key")
        .set("scratchDirectory", "/var/tmp/lifeboat")
        .set("restore", properties()
            .set("dataDirectory", "/var/lib/etcd-restored")
            .set("name", "cp1")
            .set("initialCluster", "cp1=https://10.0.0.1:2380")
            .set("initialAdvertisePeerUrls", "https://10.0.0.1:2380")
            .set("stopCommand", "mv /etc/kubernetes/manifests/etcd.yaml /etc/kubernetes/")
            .set("startCommand", "mv /etc/kubernetes/etcd.yaml /etc/kubernetes/manifests/")
            .set("startTimeout", Duration.seconds(90))));
  }

  @Test
  void refusesARestoreWithoutItsDataDirectory() throws Exception {
    assertThat(problem(directory, MINIMAL + "restore: {name: cp1}\n"))
        .isEqualTo("'targets.main.restore.dataDirectory' must not be null");
  }

  @Test
  void refusesAnEndpointThatIsNotAUrl() throws Exception {
    assertThat(problem(directory, MINIMAL + "endpoints: [10.0.0.1:2379]\n"))
        .startsWith("'targets.main.endpoints")
        .contains("must be a URL such as https://10.0.0.1:2379");
  }

  @Test
  void refusesAMisspelledKeyAndSuggestsTheClosest() throws Exception {
    assertThat(problem(directory, MINIMAL + "endpoint: [http://127.0.0.1:2379]\n"))
        .isEqualTo("'targets.main.endpoint' is not a known key; expected one of: anomaly, caFile, certFile, drill,"
            + " endpoints, hooks, keyFile, password, replaceApproval, replaceApprovalTimeout, restore, retention, rpo,"
            + " rto, schedules, scratchDirectory, storageQuota, user (did you mean 'endpoints'?)");
  }
}
