package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every metric the shipped alert rules and Grafana dashboard query is one Lifeboat exports: its name
 * is in deploy/prometheus/metric-names.txt, the list the code's metrics are checked against too
 * (the API's StateGaugesTest). A renamed metric breaks this test rather than an empty panel or an
 * alert that can never fire. The dashboard shows every Lifeboat metric of the list.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class MetricNamesTest {
  private static final Path NAMES = Path.of("../deploy/prometheus/metric-names.txt");
  private static final Path DASHBOARD = Path.of("../deploy/grafana/lifeboat-dashboard.json");
  private static final Pattern HISTOGRAM_SERIES = Pattern.compile("(.+_seconds)_(bucket|sum|count|max)");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "by", "without", "on",
      "ignoring", "group_left", "group_right", "inf", "nan");
  /** A name not preceded by a letter, digit or dot (so not the unit of a duration such as 1h). */
  private static final Pattern NAME = Pattern.compile("(?<![\\w.])[a-zA-Z_:][a-zA-Z0-9_:]*(?!\\w|\\s*\\()");

  @Test
  void theNameReaderFindsMetricsAndSkipsFunctionsLabelsRangesAndKeywords() {
    assertThat(metricNames("sum by (le, target) (rate(a_seconds_bucket{target=~\"$target\",result=\"x\"}"
        + "[$__rate_interval])) > on(target) group_left 1.5 * b offset 1h or absent(c{poller_type=\"d\"})"
        + " unless time() - e_total >= 1e3"))
        .containsExactlyInAnyOrder("a_seconds_bucket", "b", "c", "e_total");
  }

  @Test
  void everyMetricTheAlertRulesQueryIsAgreed() throws IOException {
    Set<String> used = new TreeSet<>();
    for (JsonNode alert : AlertRulesTest.alerts()) {
      used.addAll(metricNames(alert.path("expr").asText()));
    }

    assertThat(used).contains("up", "temporal_num_pollers", "lifeboat_backups_total", "lifeboat_rpo_breached",
        "lifeboat_storage_quota_bytes", "lifeboat_schedule_interval_seconds");
    Set<String> agreed = names();
    assertThat(used).allSatisfy(name -> assertThat(agreed(agreed, name)).as("%s is in %s", name, NAMES).isTrue());
  }

  @Test
  void everyMetricTheDashboardQueriesIsAgreedAndItShowsEveryLifeboatMetric() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    Set<String> used = new TreeSet<>();
    Set<Integer> ids = new TreeSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel id %s is unique", panel.path("id")).isTrue();
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      }
      for (JsonNode target : panel.path("targets")) {
        used.addAll(metricNames(target.path("expr").asText()));
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      JsonNode query = variable.path("query");
      String text = query.isObject() ? query.path("query").asText() : "";
      Matcher labelValues = Pattern.compile("label_values\\(\\s*([^,]+),").matcher(text);
      if (labelValues.find()) {
        used.addAll(metricNames(labelValues.group(1)));
      }
    }

    Set<String> agreed = names();
    assertThat(used).allSatisfy(name -> assertThat(agreed(agreed, name)).as("%s is in %s", name, NAMES).isTrue());
    Set<String> shown = new TreeSet<>();
    used.forEach(name -> {
      Matcher histogram = HISTOGRAM_SERIES.matcher(name);
      shown.add(histogram.matches() ? histogram.group(1) : name);
    });
    assertThat(shown).containsAll(names().stream().filter(n -> n.startsWith("lifeboat_")).toList());
  }

  /** The metric names a PromQL expression (or a Grafana query, with its $variables) reads. */
  static Set<String> metricNames(String expr) {
    String bare = expr.replaceAll("\\$\\{?\\w+}?", "")
        .replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
        .replaceAll("'(\\\\.|[^'\\\\])*'", "''")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(bare);
    while (m.find()) {
      if (!KEYWORDS.contains(m.group().toLowerCase(java.util.Locale.ROOT))) {
        names.add(m.group());
      }
    }
    return names;
  }

  private static boolean agreed(Set<String> names, String name) {
    Matcher histogram = HISTOGRAM_SERIES.matcher(name);
    return names.contains(name) || histogram.matches() && names.contains(histogram.group(1));
  }

  private static Set<String> names() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String line : Files.readAllLines(NAMES)) {
      String name = line.replaceAll("#.*", "").strip();
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }
}
