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

class ConfigTargetConfigTest {
  private static final String MINIMAL = """
      kind: config
      paths: [/etc/app]
      rpo: 1 hour
      rto: 4 hours
      """;

  @TempDir Path directory;

  @Test
  void defaultsLeaveKeysAndCredentialsOut() throws Exception {
    ConfigTargetConfig target = load(directory, ConfigTargetConfig.class, MINIMAL);

    assertThat(target.kind()).isEqualTo("config");
    // Spelled out rather than DEFAULT_SECRETS: shrinking the list must fail here.
    assertDefaults(target, properties()
        .set("paths", List.of("/etc/app"))
        .set("includes", List.of())
        .set("excludes", List.of())
        .set("secrets", List.of("*.key", "*.pem", "*.p12", "*.pfx", "*.jks", "*.keystore", "*secret*",
            "*Secret*", "*SECRET*", "*credentials*", "id_rsa*", "id_ed25519*", ".env.production",
            ".env.*.local", ".pgpass", ".netrc"))
        .set("validators", List.of())
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
    ConfigTargetConfig target = load(directory, ConfigTargetConfig.class, FULL_COMMON_KEYS + """
        kind: config
        paths: [/etc/app, /etc/nginx]
        includes: ["*.yml", "*.conf"]
        excludes: ["*.bak"]
        secrets: ["*.key", vault-token]
        validators:
          - glob: "nginx.conf"
            command: [nginx, -t, -c, "{file}"]
        scratchDirectory: /var/tmp/lifeboat
        """);

    assertFullMapping(target, fullCommonProperties()
        .set("paths", List.of("/etc/app", "/etc/nginx"))
        .set("includes", List.of("*.yml", "*.conf"))
        .set("excludes", List.of("*.bak"))
        .set("secrets", List.of("*.key", "vault-token"))
        .set("validators", List.of(properties()
            .set("glob", "nginx.conf")
            .set("command", List.of("nginx", "-t", "-c", "{file}"))))
        .set("scratchDirectory", "/var/tmp/lifeboat"));
  }

  @Test
  void refusesATargetWithoutPaths() throws Exception {
    assertThat(problem(directory, MINIMAL.replace("paths: [/etc/app]\n", "")))
        .isEqualTo("'targets.main.paths' must not be empty");
  }

  @Test
  void refusesAValidatorWithoutCommand() throws Exception {
    assertThat(problem(directory, MINIMAL + "validators: [{glob: '*.conf'}]\n"))
        .isEqualTo("'targets.main.validators[0].command' must not be empty");
  }

  @Test
  void refusesAMisspelledKeyAndSuggestsTheClosest() throws Exception {
    assertThat(problem(directory, MINIMAL + "secret: ['*.token']\n"))
        .isEqualTo("'targets.main.secret' is not a known key; expected one of: anomaly, drill, excludes, hooks, includes,"
            + " paths, replaceApproval, replaceApprovalTimeout, retention, rpo, rto, schedules, scratchDirectory, secrets, storageQuota, validators (did you mean"
            + " 'secrets'?)");
  }
}
