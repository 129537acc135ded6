package io.lifeboat.config;

import static io.lifeboat.config.ConfigAssertions.assertDefaults;
import static io.lifeboat.config.ConfigAssertions.assertFullMapping;
import static io.lifeboat.config.ConfigAssertions.properties;
import static io.lifeboat.config.TargetConfigTest.FULL_COMMON_KEYS;
import static io.lifeboat.config.TargetConfigTest.COMMANDS_ONLY;
import static io.lifeboat.config.TargetConfigTest.ONE_ACTION_PER_HOOK;
import static io.lifeboat.config.TargetConfigTest.fullCommonProperties;
import static io.lifeboat.config.TargetYaml.load;
import static io.lifeboat.config.TargetYaml.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.util.Duration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresClusterTargetConfigTest {
  private static final String WITHOUT_WAL_ARCHIVE = """
      kind: postgres-cluster
      host: db
      user: replicator
      rpo: 5 minutes
      rto: 1 hour
      """;

  private static final String MINIMAL = WITHOUT_WAL_ARCHIVE + """
      walArchive:
        secretFile: /etc/lifeboat/wal-secret
      """;

  @TempDir Path directory;

  @Test
  void defaultsKeepTheReceiverOnLoopbackAndPushAhead() throws Exception {
    PostgresClusterTargetConfig target = load(directory, PostgresClusterTargetConfig.class, MINIMAL);

    assertThat(target.kind()).isEqualTo("postgres-cluster");
    assertDefaults(target, properties()
        .set("host", "db")
        .set("port", 5432)
        .set("user", "replicator")
        .set("password", null)
        .set("sslMode", null)
        .set("walArchive", properties()
            .set("listen", "127.0.0.1:7480")
            .set("secretFile", "/etc/lifeboat/wal-secret")
            .set("dataDirectory", null)
            .set("pushAhead", 3)
            .set("client", "/usr/local/bin/lifeboat-wal"))
        .set("binDirectory", "/usr/lib/postgresql/15/bin")
        .set("osUser", null)
        .set("rpo", Duration.minutes(5))
        .set("rto", Duration.hours(1))
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
    PostgresClusterTargetConfig target = load(directory, PostgresClusterTargetConfig.class, FULL_COMMON_KEYS + """
        kind: postgres-cluster
        host: pg-main.internal
        port: 6543
        user: replicator
        password: s3cret
        sslMode: require
        walArchive:
          listen: 10.0.0.5:7481
          secretFile: /etc/lifeboat/wal-secret
          dataDirectory: /var/lib/postgresql/16/main
          pushAhead: 8
          client: /opt/lifeboat/bin/lifeboat-wal
        binDirectory: /usr/lib/postgresql/16/bin
        osUser: postgres
        """);

    assertFullMapping(target, fullCommonProperties()
        .set("host", "pg-main.internal")
        .set("port", 6543)
        .set("user", "replicator")
        .set("password", "s3cret")
        .set("sslMode", "require")
        .set("walArchive", properties()
            .set("listen", "10.0.0.5:7481")
            .set("secretFile", "/etc/lifeboat/wal-secret")
            .set("dataDirectory", "/var/lib/postgresql/16/main")
            .set("pushAhead", 8)
            .set("client", "/opt/lifeboat/bin/lifeboat-wal"))
        .set("binDirectory", "/usr/lib/postgresql/16/bin")
        .set("osUser", "postgres"));
  }

  @Test
  void mapsSqlHooks() throws Exception {
    // The common keys' hooks run a command and an HTTP call: SQL runs on postgres kinds only.
    PostgresClusterTargetConfig target = load(directory, PostgresClusterTargetConfig.class, MINIMAL + """
        hooks:
          before:
            sql: CHECKPOINT
            timeout: 10 minutes
          after:
            sql: SELECT pg_switch_wal()
            timeout: 15 seconds
        """);

    assertFullMapping(target.getHooks(), properties()
        .set("before", properties()
            .unsetFor("command", ONE_ACTION_PER_HOOK)
            .unsetFor("http", ONE_ACTION_PER_HOOK)
            .unsetFor("environment", COMMANDS_ONLY)
            .set("sql", "CHECKPOINT")
            .set("timeout", Duration.minutes(10)))
        .set("after", properties()
            .unsetFor("command", ONE_ACTION_PER_HOOK)
            .unsetFor("http", ONE_ACTION_PER_HOOK)
            .unsetFor("environment", COMMANDS_ONLY)
            .set("sql", "SELECT pg_switch_wal()")
            .set("timeout", Duration.seconds(15))));
  }

  @Test
  void refusesATargetWithoutItsWalArchive() throws Exception {
    assertThat(problem(directory, WITHOUT_WAL_ARCHIVE))
        .isEqualTo("'targets.main.walArchive' must not be null");
  }

  @Test
  void refusesAPortOutOfRange() throws Exception {
    assertThat(problem(directory, MINIMAL + "port: 0\n"))
        .isEqualTo("'targets.main.port' must be greater than or equal to 1");
  }

  @Test
  void refusesAMisspelledWalArchiveKeyAndSuggestsTheClosest() throws Exception {
    assertThat(problem(directory, WITHOUT_WAL_ARCHIVE + """
        walArchive:
          secret_file: /etc/lifeboat/wal-secret
        """))
        .isEqualTo("'targets.main.walArchive.secret_file' is not a known key; expected one of: client,"
            + " dataDirectory, listen, pushAhead, secretFile (did you mean 'secretFile'?)");
  }

  @Test
  void namesEveryBadWalArchiveSetting() throws Exception {
    assertThatThrownBy(() -> load(directory, PostgresClusterTargetConfig.class, WITHOUT_WAL_ARCHIVE + """
            osUser: Root Admin
            walArchive:
              listen: localhost
              secretFile: wal-secret
              dataDirectory: data
              pushAhead: 100
            """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has 5 errors")
        .hasMessageContaining("'targets.main.osUser' must be a user name such as postgres")
        .hasMessageContaining("'targets.main.walArchive.dataDirectory' must be an absolute path")
        .hasMessageContaining("'targets.main.walArchive.listen' must be host:port, such as 127.0.0.1:7480")
        .hasMessageContaining("'targets.main.walArchive.pushAhead' must be less than or equal to 32")
        .hasMessageContaining("'targets.main.walArchive.secretFile' must be an absolute path");
  }
}
