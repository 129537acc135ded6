package io.lifeboat.runbooks;

import io.lifeboat.runbooks.RunbookReport.Entry;
import io.lifeboat.workflows.runbook.RecoveryMeasures;
import io.lifeboat.workflows.runbook.RunbookDurations;
import io.lifeboat.workflows.runbook.SignalRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Renders a run's report as Markdown, for a ticket, a chat message or an audit file. */
public final class RunbookReportMarkdown {
  public static String render(RunbookReport report) {
    StringBuilder md = new StringBuilder();
    md.append("# Runbook ").append(report.runbook()).append(": ").append(report.status()).append("\n\n");
    md.append("Run `").append(report.workflowId()).append("`, started by ").append(report.startedBy())
        .append(" at ").append(report.startedAt());
    if (report.endedAt() != null) {
      md.append(", ended at ").append(report.endedAt()).append(" (").append(duration(report.duration())).append(")");
    }
    md.append(".\n");
    if (report.error() != null) {
      md.append("\n**Error:** ").append(report.error()).append("\n");
    }
    objectives(md, report.measures());
    timeline(md, report.timeline());
    compensation(md, report.timeline());
    signals(md, report.signals());
    return md.toString();
  }

  private static void objectives(StringBuilder md, RecoveryMeasures measures) {
    if (measures == null) {
      return;
    }
    md.append("\n## Recovery objectives\n\n")
        .append("| | objective | achieved | met |\n| --- | --- | --- | --- |\n")
        .append(row("RTO", measures.rtoObjective(), measures.achievedRto(), measures.rtoMet()))
        .append(row("RPO", measures.rpoObjective(), measures.achievedRpo(), measures.rpoMet()))
        .append("\nIncident declared ").append(instant(measures.incidentAt()))
        .append("; recovery point restored ").append(instant(measures.recoveryPoint()))
        .append("; service back ").append(instant(measures.serviceBackAt())).append(".\n");
  }

  private static String row(String name, Duration objective, Duration achieved, Boolean met) {
    return "| " + name + " | " + duration(objective) + " | " + duration(achieved) + " | "
        + (met == null ? "not measured" : met ? "yes" : "**no**") + " |\n";
  }

  private static void timeline(StringBuilder md, List<Entry> timeline) {
    md.append("\n## Timeline\n\n| step | type | state | attempts | started | took | detail |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Entry entry : timeline) {
      String name = entry.group() == null ? entry.step() : entry.group() + " / " + entry.step();
      String detail = entry.error() != null ? "error: " + entry.error() : entry.detail();
      md.append("| ").append(cell(name)).append(" | ").append(entry.type()).append(" | ").append(entry.state())
          .append(" | ").append(entry.attempts()).append(" | ").append(instant(entry.startedAt())).append(" | ")
          .append(duration(entry.duration())).append(" | ").append(cell(detail)).append(" |\n");
    }
  }

  private static void compensation(StringBuilder md, List<Entry> timeline) {
    List<Entry> undone = timeline.stream().filter(e -> e.compensation() != null).toList();
    if (undone.isEmpty()) {
      return;
    }
    md.append("\n## Undone\n\n");
    undone.forEach(e -> md.append("- ").append(e.step()).append(": ").append(e.compensation()).append('\n'));
  }

  private static void signals(StringBuilder md, List<SignalRecord> signals) {
    if (signals.isEmpty()) {
      return;
    }
    md.append("\n## Signals\n\n");
    for (SignalRecord signal : signals) {
      String by = signal.decision() == null ? "?" : signal.decision().by();
      String why = signal.decision() == null ? "" : signal.decision().reason();
      md.append("- ").append(signal.at()).append(' ').append(signal.signal()).append(" by ").append(by)
          .append(" (\"").append(why).append("\"): ").append(signal.accepted() ? "accepted, " : "refused, ")
          .append(signal.note()).append('\n');
    }
  }

  private static String duration(Duration duration) {
    return duration == null ? "—" : RunbookDurations.format(duration);
  }

  private static String instant(Instant instant) {
    return instant == null ? "—" : instant.toString();
  }

  /** Table cells cannot hold pipes or line breaks. */
  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }

  private RunbookReportMarkdown() {}
}
