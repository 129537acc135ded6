package io.lifeboat.workflows.runbook;

import java.time.Duration;

/** Turns a step's bound {@code with:} arguments into the typed input of the activity it calls. */
final class StepRequests {
  static final Duration DEFAULT_CHECK_WITHIN = Duration.ofMinutes(1);
  static final Duration DEFAULT_CHECK_EVERY = Duration.ofSeconds(2);

  static ServiceControl services(StepArguments with) {
    return new ServiceControl(
        with.required("provider"), with.list("services"), with.value("start").orElse(null),
        with.value("stop").orElse(null), with.value("status").orElse(null));
  }

  static TrafficSwitch traffic(StepArguments with) {
    String provider = with.required("provider");
    String endpoint = with.value("socket").or(() -> with.value("url")).or(() -> with.value("zone")).orElseThrow();
    String backend = with.value("backend").or(() -> with.value("record")).orElse(null);
    return new TrafficSwitch(provider, endpoint, backend, with.required("from"), with.required("to"));
  }

  static HealthCheck healthCheck(StepArguments with) {
    String kind = with.value("http").isPresent() ? "http" : with.value("tcp").isPresent() ? "tcp" : "sql";
    return new HealthCheck(
        kind,
        with.required(kind),
        with.value("expect_status").map(Integer::parseInt).orElse(200),
        with.value("expect_body").orElse(null),
        with.value("query").orElse(null),
        with.value("expect").orElse(null),
        with.value("user").orElse(null),
        with.value("password_env").orElse(null),
        duration(with, "within", DEFAULT_CHECK_WITHIN),
        duration(with, "every", DEFAULT_CHECK_EVERY));
  }

  static Migration migration(StepArguments with) {
    return new Migration(
        with.value("database").orElse(null), with.value("user").orElse(null),
        with.value("password_env").orElse(null), with.list("files"), with.value("command").orElse(null));
  }

  /**
   * The restore activities' selector for a runbook's {@code backup:} value: {@code latest}, a
   * backup id, or {@code before <ISO-8601 instant>}.
   */
  static String backupSelector(String backup) {
    return backup.startsWith("before ") ? "before:" + backup.substring("before ".length()).trim() : backup;
  }

  static Duration duration(StepArguments with, String key, Duration otherwise) {
    return with.value(key).map(text -> RunbookDurations.parse(text).orElseThrow()).orElse(otherwise);
  }

  private StepRequests() {}
}
