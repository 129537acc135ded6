package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where runbooks are, which alerts start them, and which environment variables they may read. */
class RunbooksConfigTest {
  private static final String REQUIRED = """
      storage:
        bucket: lifeboat-backups
      encryption:
        recipients: [/keys/ops.asc]
        signingKey: /keys/signer.sec.asc
      catalog:
        driverClass: org.postgresql.Driver
        url: jdbc:postgresql://localhost:5432/lifeboat
      """;

  @TempDir Path directory;

  @Test
  void runbooksMayReadNoEnvironmentVariableUnlessListed() throws Exception {
    RunbooksConfig defaults = new RunbooksConfig();
    assertThat(defaults.getPasswordVariables()).isEmpty();
    assertThat(defaults.getFolder()).isEqualTo(Path.of("runbooks"));
    assertThat(defaults.getAlerts()).isEmpty();

    RunbooksConfig listed = load(REQUIRED + """
        runbooks:
          folder: /etc/lifeboat/runbooks
          passwordVariables: [APP_DB_PASSWORD, REPORTING_DB_PASSWORD]
        """).getRunbooks();

    assertThat(listed.getPasswordVariables()).containsExactly("APP_DB_PASSWORD", "REPORTING_DB_PASSWORD");
    assertThat(listed.getFolder()).isEqualTo(Path.of("/etc/lifeboat/runbooks"));
  }

  @Test
  void aMisspelledKeyListsEveryKnownOne() {
    assertThatThrownBy(() -> load(REQUIRED + """
        runbooks:
          passwordVariable: [APP_DB_PASSWORD]
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'runbooks.passwordVariable' is not a known key; expected one of: alerts, folder,"
            + " passwordVariables (did you mean 'passwordVariables'?)");
  }

  private LifeboatConfiguration load(String yaml) throws Exception {
    Path file = directory.resolve("lifeboat.yml");
    Files.writeString(file, yaml);
    return LifeboatConfigLoader.load(file, Map.of());
  }
}
