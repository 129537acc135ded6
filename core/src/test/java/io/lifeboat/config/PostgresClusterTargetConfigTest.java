package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresClusterTargetConfigTest {
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
        main:
          kind: postgres-cluster
          host: db
          user: replicator
          rpo: 5 minutes
          rto: 1 hour
      """;

  @TempDir Path directory;

  @Test
  void defaultsKeepTheReceiverOnLoopbackAndPushAhead() throws Exception {
    PostgresClusterTargetConfig main = (PostgresClusterTargetConfig) load(BASE + """
            walArchive:
              secretFile: /etc/lifeboat/wal-secret
        """).getTargets().get("main");

    assertThat(main.kind()).isEqualTo("postgres-cluster");
    assertThat(main.getPort()).isEqualTo(5432);
    assertThat(main.getBinDirectory()).isEqualTo("/usr/lib/postgresql/15/bin");
    assertThat(main.getOsUser()).isNull();
    assertThat(main.getWalArchive().getListen()).isEqualTo("127.0.0.1:7480");
    assertThat(main.getWalArchive().getPushAhead()).isEqualTo(3);
    assertThat(main.getWalArchive().getDataDirectory()).isNull();
    assertThat(main.getWalArchive().getClient()).isEqualTo("/usr/local/bin/lifeboat-wal");
  }

  @Test
  void refusesATargetWithoutItsWalArchive() throws Exception {
    assertThatThrownBy(() -> load(BASE))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("'targets.main.walArchive' must not be null.");
  }

  @Test
  void namesEveryBadWalArchiveSetting() throws Exception {
    assertThatThrownBy(() -> load(BASE + """
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

  private LifeboatConfiguration load(String yaml) throws Exception {
    Path file = directory.resolve("lifeboat.yml");
    Files.writeString(file, yaml);
    return LifeboatConfigLoader.load(file, Map.of());
  }
}
