package io.lifeboat.activities.drill;

import static io.lifeboat.activities.drill.DrillDurations.human;

import io.lifeboat.workflows.drill.DrillReport;
import io.lifeboat.workflows.drill.DrillReport.Check;
import io.lifeboat.workflows.drill.DrillReport.Step;
import io.lifeboat.workflows.drill.DrillReport.Target;
import java.time.Instant;

/**
 * A drill's report as Markdown: what an operator reads in a terminal, pastes in a ticket or attaches
 * to an audit. Tables hold one line per row, so text in a cell has its pipes escaped and its line
 * breaks folded; the failure, which may span lines, is quoted whole. A {@code <} in any text is
 * escaped, so markup a command printed shows as text where the Markdown is rendered as HTML.
 */
public final class DrillReportMarkdown {

  public static String render(DrillReport report) {
    StringBuilder md = new StringBuilder();
    md.append("# Drill ").append(report.drillId()).append(": ").append(report.ofTarget() ? "target " : "runbook ")
        .append(text(report.subject())).append(" — ").append(report.passed() ? "PASSED" : "FAILED").append("\n\n");
    md.append("**").append(report.passed() ? "✔ " : "✘ ").append(text(report.verdict())).append("**\n\n");
    md.append("Started by ").append(text(report.startedBy()));
    if (report.reason() != null && !report.reason().isBlank()) {
      md.append(" (“").append(text(report.reason())).append("”)");
    }
    md.append(" at ").append(instant(report.startedAt()));
    if (report.endedAt() != null) {
      md.append(", ended at ").append(instant(report.endedAt())).append(" (took ")
          .append(human(report.endedAt().toEpochMilli() - report.startedAt().toEpochMilli())).append(")");
    }
    md.append(". Production was not written to: every restore went to the scratch environment below.\n");
    objectives(md, report);
    targets(md, report);
    steps(md, report);
    checks(md, report);
    scratch(md, report);
    if (report.failure() != null) {
      md.append("\n## Failure\n\n");
      report.failure().lines().forEach(line -> md.append("> ").append(markup(line)).append('\n'));
    }
    return md.toString();
  }

  private static void objectives(StringBuilder md, DrillReport report) {
    md.append("\n## Objectives\n\n| Objective | Target | Achieved | Met |\n| --- | --- | --- | --- |\n")
        .append("| RTO (drill start → last health check passed) | ").append(human(report.rtoObjectiveMillis()))
        .append(" | ").append(human(report.achievedRtoMillis())).append(" | ").append(met(report.rtoMet())).append(" |\n")
        .append("| RPO (drill start − oldest recovery point restored) | ").append(human(report.rpoObjectiveMillis()))
        .append(" | ").append(human(report.achievedRpoMillis())).append(" | ").append(met(report.rpoMet()))
        .append(" |\n");
  }

  private static void targets(StringBuilder md, DrillReport report) {
    if (report.targets().isEmpty()) {
      return;
    }
    md.append("\n## Targets\n\n| Target | Backup | Recovery point | RPO achieved | RPO objective | RPO met "
        + "| Restored after | RTO objective | RTO met |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Target t : report.targets()) {
      md.append("| ").append(cell(t.target())).append(" | ").append(code(t.backupId())).append(" | ")
          .append(instant(t.recoveryPoint())).append(" | ").append(human(t.achievedRpoMillis())).append(" | ")
          .append(human(t.rpoObjectiveMillis())).append(" | ").append(met(t.rpoMet())).append(" | ")
          .append(human(t.restoredMillis())).append(" | ").append(human(t.rtoObjectiveMillis())).append(" | ")
          .append(met(t.rtoMet())).append(" |\n");
    }
  }

  private static void steps(StringBuilder md, DrillReport report) {
    md.append("\n## Steps\n\n| Start | Took | Step | Type | State | Attempts | Detail |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- |\n");
    if (report.steps().isEmpty()) {
      md.append("| | | no step ran | | | | |\n");
    }
    for (Step s : report.steps()) {
      String name = s.group() == null ? s.name() : s.group() + " / " + s.name();
      String detail = s.error() != null ? "error: " + s.error() : s.detail();
      md.append("| ").append(s.offsetMillis() == null ? DrillDurations.NOT_MEASURED : "+" + human(s.offsetMillis()))
          .append(" | ").append(human(s.durationMillis())).append(" | ").append(cell(name)).append(" | ")
          .append(cell(s.type())).append(" | ").append("failed".equals(s.state()) ? "**failed**" : cell(s.state()))
          .append(" | ").append(s.attempts()).append(" | ").append(cell(detail)).append(" |\n");
    }
  }

  private static void checks(StringBuilder md, DrillReport report) {
    md.append("\n## Checks\n\n");
    if (report.checks().isEmpty()) {
      md.append("No check ran.\n");
      return;
    }
    md.append("| | Step | Check | Detail |\n| --- | --- | --- | --- |\n");
    for (Check c : report.checks()) {
      md.append("| ").append(c.passed() ? "✔" : "✘").append(" | ").append(cell(c.step())).append(" | ")
          .append(cell(c.what())).append(" | ").append(cell(c.detail())).append(" |\n");
    }
  }

  private static void scratch(StringBuilder md, DrillReport report) {
    md.append("\n## Scratch environment\n\n");
    if (report.scratch().isEmpty()) {
      md.append("Nothing was created.\n");
    }
    report.scratch().forEach(place -> md.append("- ").append(text(place)).append('\n'));
    if (report.teardown() != null) {
      md.append('\n').append(report.kept() ? "**Kept for inspection.** " : "Torn down: ")
          .append(text(report.teardown())).append('\n');
    }
  }

  private static String met(Boolean met) {
    return met == null ? "not measured" : met ? "✔ yes" : "✘ **no**";
  }

  private static String instant(Instant instant) {
    return instant == null ? DrillDurations.NOT_MEASURED : instant.toString();
  }

  private static String code(String text) {
    return text == null ? DrillDurations.NOT_MEASURED : "`" + text.replaceAll("\r\n|\r|\n", " ").replace("`", "'").replace("|", "\\|") + "`";
  }

  /** Table cells hold one line and no unescaped pipe. */
  static String cell(String text) {
    return text(text).replace("|", "\\|");
  }

  /** Running text holds one line (a heading or the verdict would end at a line break). */
  private static String text(String text) {
    return text == null ? "" : markup(text.replaceAll("\r\n|\r|\n", " "));
  }

  private static String markup(String text) {
    return text.replace("<", "\\<");
  }

  private DrillReportMarkdown() {}
}
