package io.lifeboat.activities.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.workflows.drill.DrillReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DrillReportJsonTest {

  @Test
  void passedAndFailedReportsReadBackEqual() {
    for (DrillReport report : List.of(DrillReportSamples.passed(), DrillReportSamples.failed())) {
      assertThat(DrillReportJson.read(DrillReportJson.write(report))).isEqualTo(report);
    }
  }

  @Test
  void fieldsComeInAStableOrderWithIsoInstantsAndNullsKept() throws Exception {
    JsonNode json = new ObjectMapper().readTree(DrillReportJson.write(DrillReportSamples.failed()));

    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyElementsOf(Stream.concat(Stream.of("format"),
        Arrays.stream(DrillReport.class.getRecordComponents()).map(c -> c.getName())).toList());
    assertThat(json.get("format").asInt()).isEqualTo(DrillReportJson.FORMAT);
    assertThat(json.get("startedAt").asText()).isEqualTo("2026-03-02T03:15:00Z");
    assertThat(json.get("achievedRtoMillis").isNull()).isTrue();
    assertThat(json.get("steps").get(2).get("error").asText()).contains(DrillReportSamples.CORRUPTED_KEY);
  }

  @Test
  void aReportFromALaterVersionReadsWhenOnlyFieldsWereAdded() {
    String json = new String(DrillReportJson.write(DrillReportSamples.passed()), StandardCharsets.UTF_8)
        .replaceFirst("\\{", "{ \"addedLater\" : [1, 2],");

    assertThat(DrillReportJson.read(json.getBytes(StandardCharsets.UTF_8))).isEqualTo(DrillReportSamples.passed());
  }

  @Test
  void whatIsNotAReportIsRefusedInOneLine() {
    assertThatThrownBy(() -> DrillReportJson.read("{\"drillId\": \"drill-x\", \"steps\": ".getBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a drill report: the JSON does not parse")
        .hasMessageEndingWith("it was not written by Lifeboat or was cut short")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> DrillReportJson.read("{\"runId\": \"backup:orders\"}".getBytes()))
        .hasMessage("not a drill report: no drillId in the JSON; it was not written by Lifeboat");
    assertThatThrownBy(() -> DrillReportJson.read("{\"format\": 2, \"drillId\": \"drill-x\"}".getBytes()))
        .hasMessage("the drill report drill-x is format 2, newer than this Lifeboat reads (1): upgrade Lifeboat to read it");
    assertThatThrownBy(() -> DrillReportJson.read("{\"drillId\": \"drill-x\", \"startedAt\": \"yesterday\"}".getBytes()))
        .hasMessageStartingWith("the drill report drill-x does not read: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
