package io.lifeboat.activities.drill;

import static io.lifeboat.activities.drill.DrillDurations.human;

import io.lifeboat.workflows.drill.DrillReport;
import io.lifeboat.workflows.drill.DrillReport.Check;
import io.lifeboat.workflows.drill.DrillReport.Step;
import io.lifeboat.workflows.drill.DrillReport.Target;
import java.time.Instant;
import java.util.Locale;

/**
 * A drill's report as one self-contained HTML page: opened from the bucket, mailed, or archived for an
 * auditor years later, it must show the same without a network, so it carries its CSS inline and has
 * no script, no font, no image and no link to load. Every text from the report is escaped: a step's
 * detail is whatever a command printed, and may hold markup.
 */
public final class DrillReportHtml {

  private static final String CSS = """
      *{box-sizing:border-box}
      body{margin:0;background:#f4f6f8;color:#1f2328;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,\
      "Helvetica Neue",Arial,sans-serif}
      main{max-width:1180px;margin:0 auto;padding:28px 32px 40px}
      .banner{display:flex;align-items:center;gap:24px;padding:22px 28px;border-radius:10px;color:#fff}
      .banner.passed{background:#1a7f37}.banner.failed{background:#cf222e}
      .banner .word{font-size:34px;font-weight:800;letter-spacing:.06em;padding-right:24px;\
      border-right:2px solid rgba(255,255,255,.45)}
      .banner h1{margin:0;font-size:22px;font-weight:650}
      .banner .verdict{margin:4px 0 0;font-size:16px;opacity:.95}
      .meta{display:grid;grid-template-columns:1.2fr 1.2fr 1.3fr 1.3fr .6fr;gap:12px;margin:18px 0}
      .meta div{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:10px 14px}
      .meta dt{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#656d76}
      .meta dd{margin:2px 0 0;font-weight:600;overflow-wrap:anywhere}
      .cards{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin:0 0 8px}
      .card{background:#fff;border:1px solid #d8dee4;border-left:6px solid #8c959f;border-radius:8px;padding:16px 20px}
      .card.met{border-left-color:#1a7f37}.card.missed{border-left-color:#cf222e}
      .card h3{margin:0;font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:#656d76;font-weight:600}
      .card .value{font-size:34px;font-weight:750;margin:4px 0 2px}
      .card .of{color:#656d76}
      .card .badge{float:right;font-size:13px;font-weight:700;padding:2px 10px;border-radius:999px;background:#eaeef2}
      .card.met .badge{background:#dafbe1;color:#1a7f37}.card.missed .badge{background:#ffebe9;color:#cf222e}
      .meter{height:8px;background:#eaeef2;border-radius:4px;margin-top:10px;overflow:hidden}
      .meter span{display:block;height:100%;background:#1a7f37}.card.missed .meter span{background:#cf222e}
      h2{font-size:18px;margin:28px 0 10px}
      table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d8dee4;border-radius:8px;\
      overflow:hidden;font-size:14px}
      th,td{text-align:left;padding:7px 10px;border-bottom:1px solid #eaeef2;vertical-align:top}
      th{background:#f6f8fa;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#656d76}
      tr:last-child td{border-bottom:0}
      td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
      td.detail{overflow-wrap:anywhere;max-width:520px;white-space:pre-line}
      code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
      .state{font-weight:600;white-space:nowrap}
      .ok{color:#1a7f37}.bad{color:#cf222e}.muted{color:#656d76}
      .timeline{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:12px 16px}
      .tl-row{display:grid;grid-template-columns:240px 1fr 130px;gap:12px;align-items:center;height:28px}
      .tl-label{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-size:14px}
      .tl-track{position:relative;height:14px;background:#f6f8fa;border-radius:3px}
      .tl-bar{position:absolute;top:0;height:100%;min-width:3px;border-radius:3px;background:#8c959f}
      .tl-bar.done{background:#2da44e}.tl-bar.failed{background:#cf222e}
      .tl-bar.recorded{background:repeating-linear-gradient(45deg,#54aeff,#54aeff 4px,#b6e3ff 4px,#b6e3ff 8px)}
      .tl-bar.skipped{background:#d0d7de}
      .tl-time{font-size:13px;color:#656d76;text-align:right;font-variant-numeric:tabular-nums}
      .tl-axis{display:grid;grid-template-columns:240px 1fr 130px;gap:12px;font-size:12px;color:#656d76}
      .tl-axis div:nth-child(2){display:flex;justify-content:space-between}
      .legend{font-size:12px;color:#656d76;margin-top:6px}
      .legend i{position:static;display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 4px 0 12px;vertical-align:-1px}
      ul.scratch{background:#fff;border:1px solid #d8dee4;border-radius:8px;margin:0;padding:10px 14px 10px 34px}
      .teardown{margin:10px 0 0}
      .kept{background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:10px 14px}
      pre.failure{background:#ffebe9;border:1px solid #ff818266;border-radius:8px;padding:12px 14px;\
      white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
      footer{margin-top:28px;font-size:12px;color:#656d76}
      """;

  public static String render(DrillReport report) {
    String verdictWord = report.passed() ? "PASSED" : "FAILED";
    String title = "Drill " + report.drillId() + ": " + (report.ofTarget() ? "target " : "runbook ") + report.subject();
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(esc(title)).append(" — ").append(verdictWord).append("</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n<main>\n");
    html.append("<header class=\"banner ").append(report.passed() ? "passed" : "failed").append("\">")
        .append("<div class=\"word\">").append(verdictWord).append("</div><div><h1>").append(esc(title))
        .append("</h1><p class=\"verdict\">").append(esc(report.verdict())).append("</p></div></header>\n");
    meta(html, report);
    cards(html, report);
    timeline(html, report);
    targets(html, report);
    steps(html, report);
    checks(html, report);
    scratch(html, report);
    if (report.failure() != null) {
      html.append("<h2>Failure</h2>\n<pre class=\"failure\">").append(esc(report.failure())).append("</pre>\n");
    }
    html.append("<footer>Lifeboat drill report ").append(esc(report.drillId()))
        .append(". Production was not written to: every restore went to the scratch environment.</footer>\n")
        .append("</main>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void meta(StringBuilder html, DrillReport report) {
    html.append("<dl class=\"meta\">");
    item(html, "Started by", report.startedBy());
    item(html, "Reason", report.reason() == null || report.reason().isBlank() ? "—" : report.reason());
    item(html, "Started", instant(report.startedAt()));
    item(html, "Ended", instant(report.endedAt()));
    item(html, "Took", report.endedAt() == null || report.startedAt() == null ? "—"
        : human(report.endedAt().toEpochMilli() - report.startedAt().toEpochMilli()));
    html.append("</dl>\n");
  }

  private static void item(StringBuilder html, String term, String value) {
    html.append("<div><dt>").append(term).append("</dt><dd>").append(esc(value)).append("</dd></div>");
  }

  private static void cards(StringBuilder html, DrillReport report) {
    html.append("<section class=\"cards\">\n");
    card(html, "RTO", "drill start → last health check passed", report.achievedRtoMillis(), report.rtoObjectiveMillis(),
        report.rtoMet());
    card(html, "RPO", "drill start − oldest recovery point restored", report.achievedRpoMillis(),
        report.rpoObjectiveMillis(), report.rpoMet());
    html.append("</section>\n");
  }

  private static void card(StringBuilder html, String name, String meaning, Long achieved, Long objective, Boolean met) {
    String state = met == null ? "unmeasured" : met ? "met" : "missed";
    html.append("<div class=\"card ").append(state).append("\"><span class=\"badge\">")
        .append(met == null ? "not measured" : met ? "✔ met" : "✘ missed").append("</span><h3>")
        .append(name).append(" achieved</h3><div class=\"value\">").append(esc(human(achieved)))
        .append("</div><div class=\"of\">objective ").append(esc(human(objective))).append(" · ").append(esc(meaning))
        .append("</div>");
    if (achieved != null && objective != null && objective > 0) {
      html.append("<div class=\"meter\"><span style=\"width:").append(percent(Math.min(achieved, objective), objective))
          .append("%\"></span></div>");
    }
    html.append("</div>\n");
  }

  private static void timeline(StringBuilder html, DrillReport report) {
    html.append("<h2>Timeline</h2>\n<div class=\"timeline\">\n");
    long total = span(report);
    for (Step s : report.steps()) {
      html.append("<div class=\"tl-row\"><div class=\"tl-label\" title=\"").append(esc(name(s))).append("\">")
          .append(esc(name(s))).append("</div><div class=\"tl-track\">");
      if (s.offsetMillis() != null) {
        long duration = s.durationMillis() == null ? 0 : s.durationMillis();
        html.append("<div class=\"tl-bar ").append(stateClass(s.state())).append("\" style=\"left:")
            .append(percent(Math.min(s.offsetMillis(), total), total)).append("%;width:")
            .append(percent(Math.min(duration, Math.max(0, total - s.offsetMillis())), total)).append("%\"></div>");
      }
      html.append("</div><div class=\"tl-time\">")
          .append(s.offsetMillis() == null ? "not started" : "+" + esc(human(s.offsetMillis())) + " · "
              + esc(human(s.durationMillis())))
          .append("</div></div>\n");
    }
    if (report.steps().isEmpty()) {
      html.append("<p class=\"muted\">No step ran.</p>\n");
    } else {
      html.append("<div class=\"tl-axis\"><div></div><div><span>0s</span><span>").append(esc(human(total)))
          .append("</span></div><div></div></div>\n<div class=\"legend\"><i class=\"tl-bar done\"></i>done")
          .append("<i class=\"tl-bar failed\"></i>failed<i class=\"tl-bar recorded\"></i>recorded (not done in a drill)")
          .append("<i class=\"tl-bar skipped\"></i>skipped</div>\n");
    }
    html.append("</div>\n");
  }

  /** The timeline's 100%: the drill's own duration, or its last step's end when it has not ended. */
  private static long span(DrillReport report) {
    long total = report.startedAt() != null && report.endedAt() != null
        ? report.endedAt().toEpochMilli() - report.startedAt().toEpochMilli() : 0;
    for (Step s : report.steps()) {
      if (s.offsetMillis() != null) {
        total = Math.max(total, s.offsetMillis() + (s.durationMillis() == null ? 0 : s.durationMillis()));
      }
    }
    return Math.max(total, 1);
  }

  private static void targets(StringBuilder html, DrillReport report) {
    if (report.targets().isEmpty()) {
      return;
    }
    html.append("<h2>Targets</h2>\n<table><thead><tr><th>Target</th><th>Backup</th><th>Recovery point</th>")
        .append("<th>RPO achieved</th><th>RPO objective</th><th>Restored after</th><th>RTO objective</th></tr></thead>")
        .append("<tbody>\n");
    for (Target t : report.targets()) {
      html.append("<tr><td><strong>").append(esc(t.target())).append("</strong></td><td><code>")
          .append(esc(t.backupId() == null ? "—" : t.backupId())).append("</code></td><td class=\"num\">")
          .append(esc(instant(t.recoveryPoint()))).append("</td><td class=\"num\">")
          .append(measure(t.achievedRpoMillis(), t.rpoMet())).append("</td><td class=\"num\">")
          .append(esc(human(t.rpoObjectiveMillis()))).append("</td><td class=\"num\">")
          .append(measure(t.restoredMillis(), t.rtoMet())).append("</td><td class=\"num\">")
          .append(esc(human(t.rtoObjectiveMillis()))).append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  private static String measure(Long millis, Boolean met) {
    String mark = met == null ? "" : met ? " <span class=\"ok\">✔</span>" : " <span class=\"bad\">✘</span>";
    return esc(human(millis)) + mark;
  }

  private static void steps(StringBuilder html, DrillReport report) {
    html.append("<h2>Steps</h2>\n<table><thead><tr><th>Start</th><th>Took</th><th>Step</th><th>Type</th>")
        .append("<th>State</th><th>Attempts</th><th>Detail</th></tr></thead><tbody>\n");
    for (Step s : report.steps()) {
      html.append("<tr><td class=\"num\">")
          .append(s.offsetMillis() == null ? "—" : "+" + esc(human(s.offsetMillis()))).append("</td><td class=\"num\">")
          .append(esc(human(s.durationMillis()))).append("</td><td>").append(esc(name(s))).append("</td><td>")
          .append(esc(s.type())).append("</td><td class=\"state ").append("failed".equals(s.state()) ? "bad"
              : "done".equals(s.state()) ? "ok" : "muted").append("\">").append(esc(s.state()))
          .append("</td><td class=\"num\">").append(s.attempts()).append("</td><td class=\"detail\">");
      if (s.error() != null) {
        html.append("<span class=\"bad\">").append(esc(s.error())).append("</span>");
      } else {
        html.append(esc(s.detail() == null ? "" : s.detail()));
      }
      html.append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  private static void checks(StringBuilder html, DrillReport report) {
    html.append("<h2>Checks</h2>\n");
    if (report.checks().isEmpty()) {
      html.append("<p class=\"muted\">No check ran.</p>\n");
      return;
    }
    html.append("<table><thead><tr><th></th><th>Step</th><th>Check</th><th>Detail</th></tr></thead><tbody>\n");
    for (Check c : report.checks()) {
      html.append("<tr><td class=\"").append(c.passed() ? "ok" : "bad").append("\">").append(c.passed() ? "✔" : "✘")
          .append("</td><td>").append(esc(c.step())).append("</td><td>").append(esc(c.what()))
          .append("</td><td class=\"detail\">").append(esc(c.detail())).append("</td></tr>\n");
    }
    html.append("</tbody></table>\n");
  }

  private static void scratch(StringBuilder html, DrillReport report) {
    html.append("<h2>Scratch environment</h2>\n");
    if (report.scratch().isEmpty()) {
      html.append("<p class=\"muted\">Nothing was created.</p>\n");
    } else {
      html.append("<ul class=\"scratch\">");
      report.scratch().forEach(place -> html.append("<li>").append(esc(place)).append("</li>"));
      html.append("</ul>\n");
    }
    if (report.teardown() != null) {
      html.append(report.kept() ? "<p class=\"teardown kept\"><strong>Kept for inspection.</strong> "
          : "<p class=\"teardown\"><strong>Torn down:</strong> ").append(esc(report.teardown())).append("</p>\n");
    }
  }

  private static String name(Step s) {
    return s.group() == null ? s.name() : s.group() + " / " + s.name();
  }

  private static String stateClass(String state) {
    return switch (state == null ? "" : state) {
      case "done", "failed", "recorded", "skipped" -> state;
      default -> "other";
    };
  }

  private static String percent(long part, long whole) {
    return String.format(Locale.ROOT, "%.2f", 100.0 * Math.max(0, part) / whole);
  }

  private static String instant(Instant instant) {
    return instant == null ? "—" : instant.toString();
  }

  /** Text as HTML shows it, in an element or a quoted attribute. */
  static String esc(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private DrillReportHtml() {}
}
