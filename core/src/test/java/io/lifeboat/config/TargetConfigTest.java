package io.lifeboat.config;

import static io.lifeboat.config.ConfigAssertions.properties;
import static io.lifeboat.config.TargetYaml.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.lifeboat.config.ConfigAssertions.PropertyValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every kind holds: recovery objectives, retention, schedules and hooks. Each kind's test
 * asserts their defaults and maps them in full with {@link #FULL_COMMON_KEYS}, so that its
 * assertions cover every property of its class.
 */
class TargetConfigTest {
  /** A schedule's keys that only a tenant-backup takes, which only a postgres target may have. */
  static final String TENANT_BACKUP_ONLY = "tenant-backup schedules only, on postgres targets";

  /** Why a hook leaves the other actions unset. */
  static final String ONE_ACTION_PER_HOOK = "a hook has exactly one of command, http or sql";
  static final String COMMANDS_ONLY = "only a command hook gets environment variables";

  private static final String COMMON_KEYS_BUT_SCHEDULES = """
      rpo: 10 minutes
      rto: 2 hours
      retention:
        preset: seed-tiers
        keepLast: 3
        keepHourly: 24
        keepDaily: 7
        keepWeekly: 4
        keepMonthly: 6
        keepYearly: 2
        keepWithin: 2 days
        tiers: {hourly: 48, daily: 14, weekly: 8, monthly: 24, yearly: 10}
      hooks:
        before:
          command: [/usr/local/bin/pause-writes, --wait]
          environment: {PAUSE_TOKEN: t0ken}
          timeout: 5 minutes
        after:
          http:
            method: PUT
            url: https://app.internal/admin/writes
            expectStatus: 204
            headers: {Authorization: Bearer s3cret}
          timeout: 30 seconds
      drill: {every: 30 days, enabled: false}
      storageQuota: 500GiB
      replaceApproval: none
      replaceApprovalTimeout: 30 minutes
      anomaly: {history: 20}
      """;

  private static final String NIGHTLY_SCHEDULE = """
      - name: nightly
        action: backup
        cron: "0 2 * * *"
        timeZone: Europe/Paris
        overlap: buffer-one
        catchupWindow: 30 minutes
        reason: nightly full
      """;

  /**
   * Every key {@link TargetConfig} itself holds, each away from its default, except what only some
   * kinds take: a tenant-backup schedule (see {@link #fullCommonKeys}) and an sql hook (mapped by
   * the postgres kinds' tests).
   */
  static final String FULL_COMMON_KEYS = fullCommonKeys("");

  private static final String FILES = """
      kind: files
      paths: [/srv/uploads]
      rpo: 1 hour
      rto: 4 hours
      """;

  @TempDir Path directory;

  /**
   * {@link #FULL_COMMON_KEYS} with {@code moreSchedules} (list items, unindented) after its
   * nightly backup: the schedules only some kinds take, such as a tenant-backup.
   */
  static String fullCommonKeys(String moreSchedules) {
    return COMMON_KEYS_BUT_SCHEDULES + "schedules:\n" + (NIGHTLY_SCHEDULE + moreSchedules).indent(2);
  }

  /** What {@link #FULL_COMMON_KEYS} sets, for a kind's test to add its own properties to. */
  static PropertyValues fullCommonProperties() {
    return fullCommonProperties(List.of());
  }

  /** What {@link #fullCommonKeys} sets, given what its {@code moreSchedules} set. */
  static PropertyValues fullCommonProperties(List<PropertyValues> moreSchedules) {
    List<PropertyValues> schedules = new ArrayList<>();
    schedules.add(properties()
        .set("name", "nightly")
        .set("action", ScheduleConfig.Action.BACKUP)
        .set("cron", "0 2 * * *")
        .set("timeZone", "Europe/Paris")
        .set("overlap", ScheduleConfig.Overlap.BUFFER_ONE)
        .set("catchupWindow", Duration.minutes(30))
        .set("reason", "nightly full")
        .unsetFor("schemas", TENANT_BACKUP_ONLY)
        .unsetFor("concurrency", TENANT_BACKUP_ONLY));
    schedules.addAll(moreSchedules);
    return properties()
        .set("rpo", Duration.minutes(10))
        .set("rto", Duration.hours(2))
        .set("retention", properties()
            .set("preset", "seed-tiers")
            .set("keepLast", 3)
            .set("keepHourly", 24)
            .set("keepDaily", 7)
            .set("keepWeekly", 4)
            .set("keepMonthly", 6)
            .set("keepYearly", 2)
            .set("keepWithin", Duration.days(2))
            .set("tiers", properties()
                .set("hourly", 48)
                .set("daily", 14)
                .set("weekly", 8)
                .set("monthly", 24)
                .set("yearly", 10)))
        .set("schedules", schedules)
        .set("hooks", properties()
            .set("before", properties()
                .set("command", List.of("/usr/local/bin/pause-writes", "--wait"))
                .set("environment", Map.of("PAUSE_TOKEN", "t0ken"))
                .unsetFor("http", ONE_ACTION_PER_HOOK)
                .unsetFor("sql", ONE_ACTION_PER_HOOK)
                .set("timeout", Duration.minutes(5)))
            .set("after", properties()
                .unsetFor("command", ONE_ACTION_PER_HOOK)
                .unsetFor("environment", COMMANDS_ONLY)
                .set("http", properties()
                    .set("method", "PUT")
                    .set("url", "https://app.internal/admin/writes")
                    .set("expectStatus", 204)
                    .set("headers", Map.of("Authorization", "Bearer s3cret")))
                .unsetFor("sql", ONE_ACTION_PER_HOOK)
                .set("timeout", Duration.seconds(30))))
        .set("drill", properties()
            .set("every", Duration.days(30))
            .set("enabled", false))
        .set("storageQuota", DataSize.gibibytes(500))
        .set("replaceApproval", TargetConfig.ReplaceApproval.NONE)
        .set("replaceApprovalTimeout", Duration.minutes(30))
        .set("anomaly", properties().set("history", 20));
  }

  @Test
  void everyKindHasItsDefaultsAndMappingTest() {
    List<String> tests = Arrays.stream(TargetConfig.class.getAnnotation(JsonSubTypes.class).value())
        .map(kind -> kind.value().getName() + "Test")
        .toList();

    assertThat(tests).allSatisfy(test -> assertThatCode(() -> Class.forName(test)).as(test).doesNotThrowAnyException());
  }

  @Test
  void refusesATargetWithoutRpo() throws Exception {
    assertThat(problem(directory, FILES.replace("rpo: 1 hour\n", "")))
        .isEqualTo("'targets.main.rpo' must not be null");
  }

  @Test
  void refusesAnUnknownScheduleKeyAndSuggestsTheClosest() throws Exception {
    assertThat(problem(directory, FILES + """
        schedules:
          - {name: nightly, action: backup, cron: "0 2 * * *", timezone: UTC}
        """))
        .isEqualTo("'targets.main.schedules[0].timezone' is not a known key; expected one of: action,"
            + " catchupWindow, concurrency, cron, name, overlap, reason, schemas, timeZone (did you mean"
            + " 'timeZone'?)");
  }

  @Test
  void refusesAnUnknownReplaceApprovalNamingTheValuesToWrite() throws Exception {
    assertThat(problem(directory, FILES + "replaceApproval: optional\n"))
        .isEqualTo("'targets.main.replaceApproval' is 'optional'; expected one of: required, none");
  }

  @Test
  void refusesAnUnknownOverlapNamingTheValuesToWrite() throws Exception {
    assertThat(problem(directory, FILES + """
        schedules:
          - {name: nightly, action: backup, cron: "0 2 * * *", timeZone: UTC, overlap: queue}
        """))
        // The names the YAML takes, not the Java ones (SKIP, BUFFER_ONE), which the loader refuses.
        .isEqualTo("'targets.main.schedules[0].overlap' is 'queue'; expected one of: skip, buffer-one");
  }

  @Test
  void refusesANegativeRetentionTier() throws Exception {
    assertThat(problem(directory, FILES + """
        retention: {tiers: {daily: -1}}
        """))
        .isEqualTo("'targets.main.retention.tiers.daily' must be greater than or equal to 0");
  }
}
