package io.lifeboat.workflows.runbook;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Runbooks built in code for workflow tests (the YAML parser lives in the runbooks module, downstream). */
final class TestRunbooks {
  static final Duration RTO = Duration.ofMinutes(30);

  static Runbook runbook(String name, Stage... stages) {
    return new Runbook(
        name, "a runbook for tests", new Objectives(RTO, null),
        List.of(
            new Parameter("target", "the target", "orders"),
            new Parameter(Parameter.INCIDENT_AT, "when the incident was declared", "now")),
        Arrays.asList(stages));
  }

  static Stage parallel(String name, Step... steps) {
    return new Stage(name, true, Arrays.asList(steps));
  }

  static Stage fetch(String name) {
    return single(name, StepType.FETCH, Map.of("target", "${params.target}"), Map.of());
  }

  static Stage checksum(String name) {
    return single(name, StepType.CHECKSUM, Map.of("target", "${params.target}"), Map.of());
  }

  static Stage stopServices(String name, String... services) {
    return single(name, StepType.STOP_SERVICES, Map.of("provider", "systemd"), Map.of("services", List.of(services)));
  }

  static Stage startServices(String name, String... services) {
    return single(name, StepType.START_SERVICES, Map.of("provider", "systemd"), Map.of("services", List.of(services)));
  }

  static Stage safetyBackup(String name) {
    return single(name, StepType.SAFETY_BACKUP, Map.of("target", "${params.target}"), Map.of());
  }

  static Step restore(String name, String target) {
    return step(name, StepType.RESTORE, Map.of("target", target, "database", target), Map.of(), OnFailure.COMPENSATE);
  }

  static Stage migrate(String name, OnFailure onFailure) {
    return Stage.single(step(name, StepType.MIGRATE, Map.of("command", "migrate.sh"), Map.of(), onFailure));
  }

  static Stage healthCheck(String name, OnFailure onFailure) {
    return Stage.single(step(name, StepType.HEALTH_CHECK, Map.of("http", "http://app/health"), Map.of(), onFailure));
  }

  static Stage redirectTraffic(String name) {
    return single(name, StepType.REDIRECT_TRAFFIC,
        Map.of("provider", "haproxy", "socket", "/run/haproxy.sock", "backend", "app", "from", "old", "to", "new"),
        Map.of());
  }

  static Stage approve(String name, Duration timeout) {
    return Stage.single(new Step(name, StepType.APPROVE, new StepArguments(Map.of("message", "go?"), Map.of()),
        timeout, 0, OnFailure.COMPENSATE));
  }

  static Stage notifyStep(String name) {
    return single(name, StepType.NOTIFY, Map.of("message", "hello"), Map.of());
  }

  static Stage single(String name, StepType type, Map<String, String> values, Map<String, List<String>> lists) {
    return Stage.single(step(name, type, values, lists, OnFailure.COMPENSATE));
  }

  /** No retries: the tests say when something fails and expect on_failure to apply at once. */
  static Step step(
      String name, StepType type, Map<String, String> values, Map<String, List<String>> lists, OnFailure onFailure) {
    return new Step(name, type, new StepArguments(values, lists), Duration.ofMinutes(5), 0, onFailure);
  }

  private TestRunbooks() {}
}
