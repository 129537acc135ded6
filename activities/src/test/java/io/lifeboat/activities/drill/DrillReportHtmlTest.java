package io.lifeboat.activities.drill;

import static io.lifeboat.activities.drill.DrillReportSamples.CORRUPTED_KEY;
import static io.lifeboat.activities.drill.DrillReportSamples.SCRIPT_DETAIL;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.workflows.drill.DrillReport;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DrillReportHtmlTest {

  @Test
  void aPassedDrillIsOneGreenPageWithEveryStepOnItsTimeline() {
    DrillReport report = DrillReportSamples.passed();
    String html = DrillReportHtml.render(report);

    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    assertThat(html).contains("<header class=\"banner passed\"><div class=\"word\">PASSED</div>")
        .doesNotContain("FAILED");
    assertThat(html).contains("<div class=\"card met\"><span class=\"badge\">✔ met</span><h3>RTO achieved</h3>"
        + "<div class=\"value\">2m 8s</div><div class=\"of\">objective 2h");
    for (DrillReport.Step step : report.steps()) {
      assertThat(html).contains("<div class=\"tl-label\" title=\"" + DrillReportHtml.esc(name(step)) + "\">");
      assertThat(html).contains("<td>" + DrillReportHtml.esc(name(step)) + "</td>");
    }
    // The restore started 9.7 s into a drill of 132 s and took 95 s.
    assertThat(html).contains("<div class=\"tl-bar done\" style=\"left:7.35%;width:71.97%\"></div>");
    assertThat(html).contains("<div class=\"tl-bar recorded\" style=\"left:0.00%;width:0.09%\"></div>");
    assertThat(html).contains("<div><dt>Started by</dt><dd>alice</dd></div><div><dt>Reason</dt><dd>quarterly drill (Q1)"
        + "</dd></div><div><dt>Started</dt><dd>2026-03-01T02:00:00Z</dd></div><div><dt>Ended</dt>"
        + "<dd>2026-03-01T02:02:12Z</dd></div><div><dt>Took</dt><dd>2m 12s</dd></div>");
    assertThat(html).contains("<li>PostgreSQL on 127.0.0.1:41234");
  }

  @Test
  void everyTextIsEscapedAndNothingIsLoadedOrRun() {
    String html = DrillReportHtml.render(DrillReportSamples.passed());

    assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("src=")
        .doesNotContain("href=").doesNotContain("url(").doesNotContain("@import");
    assertThat(html).contains("smoke test printed &lt;script&gt;alert(&#39;drill&#39;)&lt;/script&gt; &amp; exited 0")
        .doesNotContain(SCRIPT_DETAIL);
    // The only URL is the health check's, shown as the text of a step's detail, never a link.
    assertThat(html.replace("GET http://127.0.0.1:41235/healthz answered 200", "")).doesNotContain("http");
  }

  @Test
  void aFailedDrillIsRedAndNamesTheCorruptedObject() {
    String html = DrillReportHtml.render(DrillReportSamples.failed());

    assertThat(html).contains("<header class=\"banner failed\"><div class=\"word\">FAILED</div><div><h1>"
        + "Drill drill-20260302-031500-billing-db: target billing-db</h1>");
    assertThat(html).contains("<td class=\"state bad\">failed</td><td class=\"num\">3</td><td class=\"detail\">"
        + "<span class=\"bad\">the object " + CORRUPTED_KEY + " does not match");
    assertThat(html).contains("<div class=\"card unmeasured\"><span class=\"badge\">not measured</span><h3>RTO achieved"
        + "</h3><div class=\"value\">—</div>");
    assertThat(html).contains("<pre class=\"failure\">restore of billing-db failed after 3 attempts:\nthe object "
        + CORRUPTED_KEY);
    assertThat(html).contains("<div class=\"tl-label\" title=\"billing-db / check\">billing-db / check</div>"
        + "<div class=\"tl-track\"></div><div class=\"tl-time\">not started</div>");
    assertThat(html).contains("<p class=\"muted\">No check ran.</p>");
    assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script").doesNotContain("http");
  }

  private static String name(DrillReport.Step step) {
    return step.group() == null ? step.name() : step.group() + " / " + step.name();
  }
}
