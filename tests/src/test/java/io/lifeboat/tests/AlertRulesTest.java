package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped Prometheus alert rules, checked by Prometheus's own {@code promtool} (Debian's
 * {@code prometheus} package, installed by deploy/install-tools.sh): they load, and their unit
 * tests pass. Every alert has a severity, the three annotations, a case where it fires and one
 * where it stays silent.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AlertRulesTest {
  static final Path RULES = Path.of("../deploy/prometheus/lifeboat-rules.yml");
  static final Path RULE_TESTS = Path.of("../deploy/prometheus/lifeboat-rules.test.yml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
    Shell.Result check = promtool("check", "rules", RULES.toString());
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + alerts().size() + " rules found");

    Shell.Result test = promtool("test", "rules", RULE_TESTS.toString());
    assertThat(test.exit()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasASeverityItsAnnotationsAndTestsThatItFiresAndStaysSilent() throws IOException {
    Set<String> fires = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (JsonNode group : YAML.readTree(RULE_TESTS.toFile()).path("tests")) {
      for (JsonNode eval : group.path("alert_rule_test")) {
        (eval.path("exp_alerts").isEmpty() ? silent : fires).add(eval.path("alertname").asText());
      }
    }

    List<JsonNode> alerts = alerts();
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(17);
    for (JsonNode alert : alerts) {
      String name = alert.path("alert").asText();
      assertThat(alert.path("labels").path("severity").asText()).as(name).isIn("critical", "warning", "info");
      assertThat(alert.path("annotations").path("summary").asText()).as(name).isNotBlank();
      assertThat(alert.path("annotations").path("description").asText()).as(name).contains("{{");
      assertThat(alert.path("annotations").path("runbook").asText()).as(name).isNotBlank();
      assertThat(fires).as("a test where %s fires", name).contains(name);
      assertThat(silent).as("a test where %s stays silent", name).contains(name);
    }
    assertThat(alerts).extracting(a -> a.path("labels").path("severity").asText())
        .contains("critical", "warning", "info");
  }

  static List<JsonNode> alerts() throws IOException {
    List<JsonNode> alerts = new java.util.ArrayList<>();
    YAML.readTree(RULES.toFile()).path("groups").forEach(g -> g.path("rules").forEach(alerts::add));
    return alerts;
  }

  private static Shell.Result promtool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    try {
      return Shell.exec(command);
    } catch (IOException e) {
      throw new AssertionError("promtool is not installed: run deploy/install-tools.sh (Debian package prometheus)", e);
    }
  }
}
