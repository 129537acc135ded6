package io.lifeboat.activities.catalog;

import io.lifeboat.activities.drill.DrillReports;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.DrillEntry;
import io.lifeboat.workflows.drill.DrillReport;
import java.util.List;

/**
 * A drill's catalog entry, made from its report: when the report is stored, and again by {@code
 * catalog rebuild} from the JSON reports the bucket keeps under {@code _lifeboat/drills/}.
 */
public final class DrillReportIndex {
  private DrillReportIndex() {}

  /**
   * The entry of a drill: its targets are every target it rehearsed ({@link DrillReport#covers}),
   * else those it restored, else its subject for a target's drill.
   */
  public static DrillEntry entryOf(DrillReport report) {
    List<String> targets = report.covers() != null && !report.covers().isEmpty() ? report.covers()
        : report.ofTarget() ? List.of(report.subject())
        : report.targets().stream().map(DrillReport.Target::target).distinct().toList();
    return new DrillEntry(report.drillId(), report.subject(), report.ofTarget(), targets, report.startedBy(),
        report.startedAt(), report.endedAt(), report.passed(), report.verdict(), report.achievedRtoMillis(),
        report.achievedRpoMillis(), report.rtoObjectiveMillis(), report.rpoObjectiveMillis(),
        DrillReport.key(report.drillId(), "json"));
  }

  /** The entries of every JSON report in the bucket; a report that cannot be read goes to {@code unreadable}. */
  public static List<DrillEntry> entries(ObjectStore bucket, List<String> unreadable) {
    return new DrillReports(bucket).all(unreadable).stream().map(DrillReportIndex::entryOf).toList();
  }
}
