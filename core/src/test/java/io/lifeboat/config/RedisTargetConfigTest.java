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

class RedisTargetConfigTest {
  private static final String MINIMAL = """
      kind: redis
      rpo: 1 hour
      rto: 4 hours
      """;

  @TempDir Path directory;

  @Test
  void defaultsReachALocalServerThatCanBeBackedUpButNotRestored() throws Exception {
    RedisTargetConfig target = load(directory, RedisTargetConfig.class, MINIMAL);

    assertThat(target.kind()).isEqualTo("redis");
    assertDefaults(target, properties()
        .set("host", "127.0.0.1")
        .set("port", 6379)
        .set("password", null)
        .set("sampleKeys", 200)
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
  void defaultsGiveARestartedServerFiveMinutesToLoad() throws Exception {
    RedisTargetConfig target = load(directory, RedisTargetConfig.class, MINIMAL + """
        restore:
          rdbPath: /var/lib/redis/dump.rdb
          stopCommand: systemctl stop redis-server
          startCommand: systemctl start redis-server
        """);

    assertDefaults(target.getRestore(), properties()
        .set("rdbPath", "/var/lib/redis/dump.rdb")
        .set("stopCommand", "systemctl stop redis-server")
        .set("startCommand", "systemctl start redis-server")
        .set("startTimeout", Duration.minutes(5)));
  }

  @Test
  void mapsEveryKey() throws Exception {
    RedisTargetConfig target = load(directory, RedisTargetConfig.class, FULL_COMMON_KEYS + """
        kind: redis
        host: cache.internal
        port: 6380
        password: s3cret
        sampleKeys: 1000
        scratchDirectory: /var/tmp/lifeboat
        restore:
          rdbPath: /var/lib/redis/dump.rdb
          stopCommand: systemctl stop redis-server
          startCommand: systemctl start redis-server
          startTimeout: 90 seconds
        """);

    assertFullMapping(target, fullCommonProperties()
        .set("host", "cache.internal")
        .set("port", 6380)
        .set("password", "s3cret")
        .set("sampleKeys", 1000)
        .set("scratchDirectory", "/var/tmp/lifeboat")
        .set("restore", properties()
            .set("rdbPath", "/var/lib/redis/dump.rdb")
            .set("stopCommand", "systemctl stop redis-server")
            .set("startCommand", "systemctl start redis-server")
            .set("startTimeout", Duration.seconds(90))));
  }

  @Test
  void refusesARestoreWithoutItsRdbPath() throws Exception {
    assertThat(problem(directory, MINIMAL + """
        restore: {stopCommand: systemctl stop redis-server, startCommand: systemctl start redis-server}
        """))
        .isEqualTo("'targets.main.restore.rdbPath' must not be null");
  }

  @Test
  void refusesAPortOutOfRange() throws Exception {
    assertThat(problem(directory, MINIMAL + "port: 100000\n"))
        .isEqualTo("'targets.main.port' must be less than or equal to 65535");
  }

  @Test
  void refusesAPortThatIsNotANumber() throws Exception {
    assertThat(problem(directory, MINIMAL + "port: redis\n"))
        .isEqualTo("'targets.main.port' is 'redis'; expected a whole number");
  }

  @Test
  void refusesAMisspelledKeyAndSuggestsTheClosest() throws Exception {
    assertThat(problem(directory, MINIMAL + "sampleKey: 10\n"))
        .isEqualTo("'targets.main.sampleKey' is not a known key; expected one of: anomaly, drill, hooks, host, password,"
            + " port, replaceApproval, replaceApprovalTimeout, restore, retention, rpo, rto, sampleKeys, schedules, scratchDirectory, storageQuota (did you mean"
            + " 'sampleKeys'?)");
  }
}
