package io.lifeboat.workflows.replication;

import java.util.List;

/** Everything a sync copied, found already there, and could not copy (with the cause), line by line. */
public record CopySyncReport(List<CopySyncLine> lines) {
  public long count(CopySyncLine.Outcome outcome) {
    return lines.stream().filter(l -> l.outcome() == outcome).count();
  }

  public String summary() {
    return count(CopySyncLine.Outcome.COPIED) + " copied, " + count(CopySyncLine.Outcome.ALREADY_THERE)
        + " already there, " + count(CopySyncLine.Outcome.FAILED) + " failed";
  }
}
