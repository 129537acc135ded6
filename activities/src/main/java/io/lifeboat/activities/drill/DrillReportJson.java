package io.lifeboat.activities.drill;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lifeboat.workflows.drill.DrillReport;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A drill's report as the bucket keeps it ({@code report.json}): a contract like the manifest's,
 * since {@code catalog rebuild} reads what any earlier version wrote. A {@code format} number comes
 * first, then the report's fields in the record's order; times are ISO-8601 instants, durations
 * milliseconds, and a measure the drill did not get to is {@code null} rather than absent. Fields a
 * later version adds are ignored on reading; a later format is refused.
 */
public final class DrillReportJson {
  public static final int FORMAT = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  public static byte[] write(DrillReport report) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("format", FORMAT);
    json.setAll((ObjectNode) MAPPER.valueToTree(report));
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (IOException e) {
      throw new UncheckedIOException("the drill report " + report.drillId() + " could not be written as JSON", e);
    }
  }

  /**
   * @throws IllegalArgumentException one line saying why the bytes are not a report this version reads
   */
  public static DrillReport read(byte[] bytes) {
    JsonNode json;
    try {
      json = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a drill report: the JSON does not parse ("
          + firstLine(e) + "); it was not written by Lifeboat or was cut short", e);
    }
    if (json == null || !json.isObject() || !json.path("drillId").isTextual()) {
      throw new IllegalArgumentException("not a drill report: no drillId in the JSON; it was not written by Lifeboat");
    }
    int format = json.path("format").asInt(0);
    if (format > FORMAT) {
      throw new IllegalArgumentException("the drill report " + json.get("drillId").asText() + " is format " + format
          + ", newer than this Lifeboat reads (" + FORMAT + "): upgrade Lifeboat to read it");
    }
    try {
      return MAPPER.treeToValue(json, DrillReport.class);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("the drill report " + json.get("drillId").asText() + " does not read: "
          + firstLine(e) + "; it was not written by Lifeboat or was altered", e);
    }
  }

  private static String firstLine(Exception e) {
    String message = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }

  private DrillReportJson() {}
}
