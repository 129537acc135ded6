package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationsConfigTest {
  private static final String BASE = """
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
  void readsOneDestinationOfEachKind() throws Exception {
    LifeboatConfiguration config = LifeboatConfigLoader.load(write(BASE + """
        destinations:
          standby: {kind: postgres, host: db2.dr.example, user: lifeboat, password: ${STANDBY_PASSWORD}, sslMode: require}
          dr-cache:
            kind: redis
            host: cache.dr.example
            restore: {rdbPath: /var/lib/redis/dump.rdb, stopCommand: systemctl stop redis, startCommand: systemctl start redis}
          dr-files: {kind: files, directory: /mnt/dr/restore}
          dr.config: {kind: config, directory: /mnt/dr/etc}
        """), Map.of("STANDBY_PASSWORD", "s3cret"));

    assertThat(config.getDestinations()).containsOnlyKeys("standby", "dr-cache", "dr-files", "dr.config");
    PostgresDestinationConfig standby = (PostgresDestinationConfig) config.getDestinations().get("standby");
    assertThat(standby.getPort()).isEqualTo(5432);
    assertThat(standby.getPassword()).isEqualTo("s3cret");
    assertThat(standby.getSslMode()).isEqualTo("require");
    RedisDestinationConfig cache = (RedisDestinationConfig) config.getDestinations().get("dr-cache");
    assertThat(cache.getPort()).isEqualTo(6379);
    assertThat(cache.getRestore().getRdbPath()).isEqualTo("/var/lib/redis/dump.rdb");
    assertThat(config.getDestinations().get("dr-files").kind()).isEqualTo("files");
    assertThat(((FilesDestinationConfig) config.getDestinations().get("dr.config")).getDirectory())
        .isEqualTo("/mnt/dr/etc");
    assertThat(config.getDestinations().get("dr.config").kind()).isEqualTo("config");
  }

  @Test
  void noDestinationsIsNone() throws Exception {
    assertThat(LifeboatConfigLoader.load(write(BASE), Map.of()).getDestinations()).isEmpty();
  }

  @Test
  void refusesABadName() throws IOException {
    Path file = write(BASE + """
        destinations:
          "db2:5432": {kind: files, directory: /mnt/dr}
        """);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Configuration file " + file + " has an error: 'destinations.db2:5432' is not a valid destination"
            + " name: use letters, digits, '_', '.' and '-', starting with a letter or digit, at most 63 characters.");
  }

  @Test
  void refusesAnUnknownKindNamingTheKnownOnes() throws IOException {
    Path file = write(BASE + """
        destinations:
          dr: {kind: postgres-cluster, host: db2}
        """);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Configuration file " + file + " has an error: 'destinations.dr.kind' is 'postgres-cluster',"
            + " which is not known; expected one of: postgres, redis, files, config, kubernetes.");
  }

  @Test
  void refusesMissingAndBadSettings() throws IOException {
    Path file = write(BASE + """
        destinations:
          standby: {kind: postgres, host: db2, port: 0}
          dr-cache: {kind: redis, host: cache}
          dr-files: {kind: files, directory: mnt/dr}
        """);

    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'destinations.standby.port' must be greater than or equal to 1")
        .hasMessageContaining("'destinations.standby.user' must not be blank")
        .hasMessageContaining("'destinations.dr-cache.restore' must not be null")
        .hasMessageContaining("'destinations.dr-files.directory' must be an absolute path");
  }

  @Test
  void theDocumentedExampleDeclaresOneOfEachServerKind() throws Exception {
    Path example = Path.of("../deploy/lifeboat.example.yml");
    Map<String, String> environment = new HashMap<>();
    Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+)}")
        .matcher(Files.readString(example));
    while (variable.find()) {
      environment.put(variable.group(1), variable.group(1).contains("PAYLOAD_KEY")
          ? "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" // a payload key is base64 of 32 bytes
          : "a-value-long-enough-for-a-token");
    }

    Map<String, DestinationConfig> destinations = LifeboatConfigLoader.load(example, environment).getDestinations();

    assertThat(destinations).containsOnlyKeys("standby", "dr-cache", "dr-k8s", "dr-files");
    assertThat(destinations.get("standby").kind()).isEqualTo("postgres");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(directory.resolve("lifeboat.yml"), yaml);
  }
}
