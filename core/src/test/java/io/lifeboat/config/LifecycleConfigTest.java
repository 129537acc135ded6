package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.util.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code retention:} and {@code schedules:} of a target: full mapping, defaults, and clear refusals. */
class LifecycleConfigTest {
  @TempDir Path dir;

  @Test
  void mapsRetentionAndSchedules() throws Exception {
    TargetConfig orders = LifeboatConfigLoader.load(LifeboatConfigurationTest.fixture("lifecycle.yml"), Map.of())
        .getTargets().get("orders");

    RetentionConfig retention = orders.getRetention();
    assertThat(retention.getPreset()).isEqualTo("seed-tiers");
    assertThat(retention.getKeepLast()).isEqualTo(3);
    assertThat(retention.getKeepDaily()).isZero();
    assertThat(retention.getKeepWithin()).isEqualTo(Duration.days(2));
    RetentionConfig.Tiers tiers = retention.effectiveTiers();
    assertThat(tiers.getHourly()).isEqualTo(24);
    assertThat(tiers.getDaily()).isEqualTo(14); // given explicitly, replaces the seed's 30
    assertThat(tiers.getWeekly()).isEqualTo(12);
    assertThat(tiers.getMonthly()).isEqualTo(12);
    assertThat(tiers.getYearly()).isEqualTo(7);

    assertThat(orders.getSchedules()).hasSize(2);
    ScheduleConfig nightly = orders.getSchedules().get(0);
    assertThat(nightly.getName()).isEqualTo("nightly");
    assertThat(nightly.getAction()).isEqualTo(ScheduleConfig.Action.BACKUP);
    assertThat(nightly.getCron()).isEqualTo("0 2 * * *");
    assertThat(nightly.getTimeZone()).isEqualTo("Europe/Paris");
    assertThat(nightly.getOverlap()).isEqualTo(ScheduleConfig.Overlap.BUFFER_ONE);
    assertThat(nightly.getCatchupWindow()).isEqualTo(Duration.minutes(30));
    assertThat(nightly.getReason()).isEqualTo("nightly full");
    ScheduleConfig sunday = orders.getSchedules().get(1);
    assertThat(sunday.getAction()).isEqualTo(ScheduleConfig.Action.VERIFY);
    assertThat(sunday.getOverlap()).isEqualTo(ScheduleConfig.Overlap.SKIP);
    assertThat(sunday.getCatchupWindow()).isEqualTo(Duration.hours(1));
  }

  @Test
  void withoutRetentionOrSchedulesATargetKeepsEverythingAndRunsOnDemandOnly() throws Exception {
    TargetConfig target = load("");
    assertThat(target.getRetention()).isNull();
    assertThat(target.getSchedules()).isEmpty();
  }

  @Test
  void aScheduleWithoutTimeZoneOrWithABadCronIsRefused() {
    assertThatThrownBy(() -> load("""
            schedules:
              - {name: nightly, action: backup, cron: "0 2 * *"}
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("timeZone")
        .hasMessageContaining("cron must have five fields");
    assertThatThrownBy(() -> load("""
            schedules:
              - {name: nightly, action: backup, cron: "0 2 * * *", timeZone: Mars/Olympus}
        """)).hasMessageContaining("IANA time zone");
  }

  @Test
  void twoSchedulesOfOneNameAreRefused() {
    assertThatThrownBy(() -> load("""
            schedules:
              - {name: nightly, action: backup, cron: "0 2 * * *", timeZone: UTC}
              - {name: nightly, action: verify, cron: "0 5 * * *", timeZone: UTC}
        """)).hasMessageContaining("distinct names");
  }

  @Test
  void aTenantBackupScheduleMapsItsSchemasAndConcurrency() throws Exception {
    TargetConfig orders = load("""
            schedules:
              - {name: tenants, action: tenant-backup, schemas: "tenant_*", concurrency: 3, cron: "0 3 * * *",
                 timeZone: UTC}
              - {name: few, action: tenant-backup, schemas: "t?_eu", cron: "0 4 * * *", timeZone: UTC}
        """);
    ScheduleConfig tenants = orders.getSchedules().get(0);
    assertThat(tenants.getAction()).isEqualTo(ScheduleConfig.Action.TENANT_BACKUP);
    assertThat(tenants.getAction().value()).isEqualTo("tenant-backup");
    assertThat(tenants.getSchemas()).isEqualTo("tenant_*");
    assertThat(tenants.getConcurrency()).isEqualTo(3);
    assertThat(orders.getSchedules().get(1).getConcurrency()).as("the workflow's default").isNull();
  }

  @Test
  void aTenantBackupScheduleWithoutSchemasIsRefusedInOneLine() {
    assertThatThrownBy(() -> load("""
            schedules:
              - {name: tenants, action: tenant-backup, cron: "0 3 * * *", timeZone: UTC}
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("has an error: 'targets.orders.schedules[0]' has action tenant-backup but no schemas;"
            + " add the pattern of the schemas to back up, e.g. schemas: \"tenant_*\".")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aTenantBackupScheduleOnATargetWithoutSchemasIsRefusedInOneLine() throws Exception {
    Path file = dir.resolve("files.yml");
    Files.writeString(file, """
        storage: {bucket: b}
        encryption: {recipients: [/k/ops.asc], signingKey: /k/signer.sec.asc}
        catalog: {driverClass: org.postgresql.Driver, url: "jdbc:postgresql://localhost/lifeboat"}
        targets:
          uploads:
            kind: files
            paths: [/srv/uploads]
            rpo: 1 hour
            rto: 15 minutes
            schedules:
              - {name: tenants, action: tenant-backup, schemas: "tenant_*", cron: "0 3 * * *", timeZone: UTC}
        """);
    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("has an error: 'targets.uploads' has a tenant-backup schedule, but only a target of"
            + " kind postgres has schemas to back up.")
        .hasMessageNotContaining("\n");
  }

  @Test
  void tenantKeysOnAnotherActionOrABadPatternOrConcurrencyAreRefused() {
    assertThatThrownBy(() -> load("""
            schedules:
              - {name: nightly, action: backup, schemas: "tenant_*", cron: "0 2 * * *", timeZone: UTC}
        """)).hasMessageContaining(
            "'targets.orders.schedules[0]' has schemas or concurrency, which only action tenant-backup takes");
    assertThatThrownBy(() -> load("""
            schedules:
              - {name: tenants, action: tenant-backup, schemas: "tenant-*; drop", concurrency: 0,
                 cron: "0 3 * * *", timeZone: UTC}
        """))
        .hasMessageContaining("'targets.orders.schedules[0].schemas' must be a pattern of schema names")
        .hasMessageContaining("'targets.orders.schedules[0].concurrency' must be greater than or equal to 1");
    assertThatThrownBy(() -> load("""
            schedules:
              - {name: tenants, action: tenant-backups, schemas: "tenant_*", cron: "0 3 * * *", timeZone: UTC}
        """)).hasMessageContaining("expected one of: backup, verify, retention, tenant-backup");
  }

  @Test
  void negativeRetentionCountsAndUnknownPresetsAreRefused() {
    assertThatThrownBy(() -> load("""
            retention: {keepLast: -1, preset: forever}
        """))
        .hasMessageContaining("keepLast")
        .hasMessageContaining("must be seed-tiers");
  }

  @Test
  void copyLocationsTakeEveryBackupOfTheirTargetsByDefaultAndRefuseAnUndeclaredTarget() throws Exception {
    Path file = dir.resolve("copies.yml");
    String copies = """
        storage:
          bucket: b
          copies:
            - {name: offsite, bucket: dr}
            - {name: vault, bucket: v, afterEachBackup: false, targets: [%s]}
        """;
    Files.writeString(file, copies.formatted("orders") + REST);
    StorageConfig storage = LifeboatConfigLoader.load(file, Map.of()).getStorage();
    assertThat(storage.getCopies()).extracting(CopyLocationConfig::isAfterEachBackup).containsExactly(true, false);
    assertThat(storage.getCopies().get(0).holds("billing")).isTrue();
    assertThat(storage.getCopies().get(1).holds("orders")).isTrue();
    assertThat(storage.getCopies().get(1).holds("billing")).isFalse();

    Files.writeString(file, copies.formatted("ordres") + REST);
    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.copies[].targets names a target not declared");
  }

  @Test
  void objectLockMapsItsModeAndDaysAndRefusesAnUnknownModeOrNoDays() throws Exception {
    Path file = dir.resolve("lock.yml");
    Files.writeString(file, "storage: {bucket: b, objectLock: {mode: compliance, days: 35}}\n" + REST);
    ObjectLockConfig lock = LifeboatConfigLoader.load(file, Map.of()).getStorage().getObjectLock();
    assertThat(lock.getMode()).isEqualTo(ObjectLockConfig.Mode.COMPLIANCE);
    assertThat(lock.getDays()).isEqualTo(35);

    Files.writeString(file, "storage: {bucket: b, objectLock: {mode: forever, days: 35}}\n" + REST);
    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("forever");
    Files.writeString(file, "storage: {bucket: b, objectLock: {mode: governance}}\n" + REST);
    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("days");
  }

  @Test
  void storageTiersMapAndAnUnknownClassOrTwoTiersOfOneAgeAreRefused() throws Exception {
    Path file = dir.resolve("tiers.yml");
    Files.writeString(file, """
        storage:
          bucket: b
          tiers:
            - {after: 0 days, storageClass: STANDARD}
            - {after: 91 days, storageClass: DEEP_ARCHIVE}
        """ + REST);
    assertThat(LifeboatConfigLoader.load(file, Map.of()).getStorage().getTiers())
        .extracting(t -> t.getAfter().toJavaDuration().toDays() + " " + t.getStorageClass())
        .containsExactly("0 STANDARD", "91 DEEP_ARCHIVE");

    Files.writeString(file, "storage: {bucket: b, tiers: [{after: 8 days, storageClass: COLD}]}\n" + REST);
    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be one of STANDARD");
    Files.writeString(file, "storage: {bucket: b, tiers: [{after: 8 days, storageClass: GLACIER},"
        + " {after: 192 hours, storageClass: STANDARD_IA}]}\n" + REST);
    assertThatThrownBy(() -> LifeboatConfigLoader.load(file, Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("distinct ages");
  }

  private static final String REST = """
      encryption: {recipients: [/k/ops.asc], signingKey: /k/signer.sec.asc}
      catalog: {driverClass: org.postgresql.Driver, url: "jdbc:postgresql://localhost/lifeboat"}
      targets:
        orders: {kind: postgres, host: db, database: orders, user: backup, rpo: 1 hour, rto: 15 minutes}
      """;

  private TargetConfig load(String targetKeys) throws Exception {
    Path file = dir.resolve("lifeboat.yml");
    Files.writeString(file, """
        storage: {bucket: b}
        encryption: {recipients: [/k/ops.asc], signingKey: /k/signer.sec.asc}
        catalog: {driverClass: org.postgresql.Driver, url: "jdbc:postgresql://localhost/lifeboat"}
        targets:
          orders:
            kind: postgres
            host: db
            database: orders
            user: backup
            rpo: 1 hour
            rto: 15 minutes
        """ + targetKeys);
    return LifeboatConfigLoader.load(file, Map.of()).getTargets().get("orders");
  }
}
