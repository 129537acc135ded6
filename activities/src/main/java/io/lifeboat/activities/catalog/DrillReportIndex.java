package io.lifeboat.activities.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.workflows.drill.DrillReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A drill's catalog entry, made from its report: when the report is stored, and again by {@code
 * catalog rebuild} from the JSON reports the bucket keeps under {@code _lifeboat/drills/}.
 */
public final class DrillReportIndex {
  public static final String DRILLS = "_lifeboat/drills/";

  /** Reads reports written by any version: a field it does not know is left out, not refused. */
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private DrillReportIndex() {}

  /** The entry of a drill: its targets are those it restored, or its subject for a target's drill. */
  public static DrillEntry entryOf(DrillReport report) {
    List<String> targets = report.targets() == null ? List.of()
        : report.targets().stream().map(DrillReport.Target::target).filter(Objects::nonNull).distinct().toList();
    if (report.ofTarget() && !targets.contains(report.subject())) {
      targets = List.of(report.subject());
    }
    return new DrillEntry(report.drillId(), report.subject(), report.ofTarget(), targets, report.startedBy(),
        report.startedAt(), report.endedAt(), report.passed(), report.verdict(), report.achievedRtoMillis(),
        report.achievedRpoMillis(), report.rtoObjectiveMillis(), report.rpoObjectiveMillis(),
        DrillReport.key(report.drillId(), "json"));
  }

  /**
   * A report's JSON (ISO-8601 instants).
   *
   * @throws IllegalArgumentException when it is not a drill report
   */
  public static DrillReport read(byte[] json) {
    try {
      DrillReport report = JSON.readValue(json, DrillReport.class);
      if (report == null || report.drillId() == null || report.subject() == null || report.startedAt() == null
          || report.verdict() == null) {
        throw new IllegalArgumentException("not a drill report: drillId, subject, startedAt and verdict are required");
      }
      return report;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a drill report: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a drill report: " + e.getMessage(), e);
    }
  }

  /** The entries of every JSON report in the bucket; a report that cannot be read goes to {@code unreadable}. */
  public static List<DrillEntry> entries(ObjectStore bucket, List<String> unreadable) {
    List<DrillEntry> entries = new ArrayList<>();
    for (String key : bucket.list(bucket.key(DRILLS))) {
      if (!key.endsWith("/report.json")) {
        continue;
      }
      try {
        entries.add(entryOf(read(bucket.get(key))));
      } catch (IllegalArgumentException e) {
        unreadable.add(key + ": " + e.getMessage());
      }
    }
    return entries;
  }
}
