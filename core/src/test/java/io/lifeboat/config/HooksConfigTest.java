package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.util.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code hooks:} of a target: what loads, its defaults, and the one-line error for each mistake. */
@Timeout(60)
class HooksConfigTest {
  private static final String BASE = """
      storage:
        bucket: lifeboat-backups
      encryption:
        recipients: [/keys/ops.asc]
        signingKey: /keys/signer.sec.asc
      catalog:
        driverClass: org.postgresql.Driver
        url: jdbc:postgresql://localhost:5432/lifeboat
      targets:
      """;

  private static final String SHOP = """
        shop:
          kind: postgres
          host: db
          database: shop
          user: backup
          rpo: 1h
          rto: 1h
      """;

  private static final String UPLOADS = """
        uploads:
          kind: files
          paths: [/srv/uploads]
          rpo: 1h
          rto: 1h
      """;

  @TempDir Path directory;

  @Test
  void readsEachKindOfHookWithItsDefaults() throws Exception {
    LifeboatConfiguration config = load(BASE + SHOP + """
          hooks:
            before:
              sql: CHECKPOINT
            after:
              http:
                url: https://shop.internal/admin/resume-writes
                headers: {Authorization: "Bearer ${RESUME_TOKEN}"}
      """ + UPLOADS + """
          hooks:
            before:
              command: [/usr/local/bin/flush-uploads, --wait]
              timeout: 5 minutes
      """, Map.of("RESUME_TOKEN", "s3cr3t"));

    HooksConfig shop = config.getTargets().get("shop").getHooks();
    assertThat(shop.getBefore().getSql()).isEqualTo("CHECKPOINT");
    assertThat(shop.getBefore().getTimeout()).isEqualTo(Duration.seconds(60));
    HookConfig.Http resume = shop.getAfter().getHttp();
    assertThat(resume.getMethod()).isEqualTo("POST");
    assertThat(resume.getUrl()).isEqualTo("https://shop.internal/admin/resume-writes");
    assertThat(resume.getExpectStatus()).isEqualTo(200);
    assertThat(resume.getHeaders()).containsExactly(Map.entry("Authorization", "Bearer s3cr3t"));

    HooksConfig uploads = config.getTargets().get("uploads").getHooks();
    assertThat(uploads.getBefore().getCommand()).containsExactly("/usr/local/bin/flush-uploads", "--wait");
    assertThat(uploads.getBefore().getTimeout()).isEqualTo(Duration.minutes(5));
    assertThat(uploads.getAfter()).isNull();
  }

  @Test
  void aTargetWithoutHooksHasNone() throws Exception {
    assertThat(load(BASE + SHOP, Map.of()).getTargets().get("shop").getHooks()).isNull();
  }

  @Test
  void anSqlHookIsRefusedOnATargetWithoutAPostgresServer() {
    assertThatThrownBy(() -> load(BASE + UPLOADS + """
          hooks:
            after:
              sql: CHECKPOINT
      """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("has an error: 'targets.uploads' has an sql hook, which only postgres and"
            + " postgres-cluster targets can run; use a command or http hook.");
  }

  @Test
  void aHookDoesExactlyOneThing() {
    assertThatThrownBy(() -> load(BASE + SHOP + """
          hooks:
            before:
              sql: CHECKPOINT
              command: [sync]
            after:
              timeout: 10s
      """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has 2 errors")
        .hasMessageContaining("'targets.shop.hooks.after' must have exactly one of command, http or sql")
        .hasMessageContaining("'targets.shop.hooks.before' must have exactly one of command, http or sql");
  }

  @Test
  void namesEveryBadSetting() {
    assertThatThrownBy(() -> load(BASE + SHOP + """
          hooks:
            before:
              command: []
              timeout: 2 hours
            after:
              http:
                method: FETCH
                url: shop.internal/resume
                expectStatus: 42
      """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has 5 errors")
        .hasMessageContaining("'targets.shop.hooks.before.command' must name a program, then its arguments")
        .hasMessageContaining("'targets.shop.hooks.before.timeout' must be at most 1 hour")
        .hasMessageContaining("'targets.shop.hooks.after.http.method' must be one of GET, POST, PUT, PATCH, DELETE")
        .hasMessageContaining("'targets.shop.hooks.after.http.url' must be an http:// or https:// URL")
        .hasMessageContaining("'targets.shop.hooks.after.http.expectStatus' must be greater than or equal to 100");
  }

  @Test
  void aUrlJavaCannotParseIsRefusedAtLoad() {
    assertThatThrownBy(() -> load(BASE + SHOP + """
          hooks:
            after:
              http:
                url: "https://shop.internal/resume?who={lifeboat}"
      """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("has an error: 'targets.shop.hooks.after.http' url is not a valid URL;"
            + " percent-encode spaces and special characters.");
  }

  @Test
  void blankPartsAndUnknownKeysAreNamed() {
    assertThatThrownBy(() -> load(BASE + SHOP + """
          hooks:
            before:
              command: [/bin/sync, " "]
            after:
              sql: "  "
              timeout: 0s
      """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'targets.shop.hooks.before.command[1]' must not be blank")
        .hasMessageContaining("'targets.shop.hooks.after.sql' must not be blank")
        .hasMessageContaining("'targets.shop.hooks.after.timeout' must be longer than zero");
    assertThatThrownBy(() -> load(BASE + SHOP + """
          hooks:
            during:
              command: [/bin/sync]
      """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("'targets.shop.hooks.during' is not a known key; expected one of: after, before");
  }

  @Test
  void aCommandGetsOnlyTheVariablesItsEnvironmentNames() throws Exception {
    LifeboatConfiguration config = load(BASE + UPLOADS + """
          hooks:
            before:
              command: [/usr/local/bin/flush-uploads]
              environment: {FLUSH_TOKEN: "${FLUSH_TOKEN}"}
      """, Map.of("FLUSH_TOKEN", "t0k3n"));

    assertThat(config.getTargets().get("uploads").getHooks().getBefore().getEnvironment())
        .containsExactly(Map.entry("FLUSH_TOKEN", "t0k3n"));
    assertThatThrownBy(() -> load(BASE + UPLOADS + """
          hooks:
            before:
              command: [/usr/local/bin/flush-uploads]
              environment: {"BAD NAME": x}
      """, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be a variable name (letters, digits, _)");
  }

  @Test
  void theDocumentedExampleLoads() throws Exception {
    Path example = Path.of("../deploy/lifeboat.example.yml");
    Map<String, String> environment = new HashMap<>();
    Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(Files.readString(example));
    while (variable.find()) {
      environment.put(variable.group(1), variable.group(1).contains("PAYLOAD_KEY")
          ? "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" // a payload key is base64 of 32 bytes
          : "a-value-long-enough-for-a-token");
    }

    HooksConfig shop = LifeboatConfigLoader.load(example, environment).getTargets().get("shop").getHooks();
    assertThat(shop.getBefore().getHttp().getExpectStatus()).isEqualTo(204);
    assertThat(shop.getAfter().getCommand()).isNotEmpty();
  }

  private LifeboatConfiguration load(String yaml, Map<String, String> environment) throws Exception {
    Path file = directory.resolve("lifeboat.yml");
    Files.writeString(file, yaml);
    return LifeboatConfigLoader.load(file, environment);
  }
}
