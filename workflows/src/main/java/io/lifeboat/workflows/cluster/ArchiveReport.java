package io.lifeboat.workflows.cluster;

import java.time.Instant;
import java.util.List;

/**
 * What a target's WAL archive holds.
 *
 * @param segments WAL segments archived, on every timeline
 * @param timelines the timelines with segments, ascending
 * @param firstSegment the oldest segment of the newest timeline; null when there is none
 * @param lastSegment the newest segment of the newest timeline; null when there is none
 * @param lastArchivedAt when the newest file was stored: what a recovery can reach at most
 * @param gaps missing segments, one line per run ("000000010000000000000005..000000010000000000000007")
 */
public record ArchiveReport(String target, long segments, long storedBytes, List<Long> timelines,
    String firstSegment, String lastSegment, Instant lastArchivedAt, List<String> gaps) {

  /** One line for a run's report. */
  public String summary() {
    return segments + " segments on timelines " + timelines + (lastSegment == null ? "" : ", " + firstSegment
        + " to " + lastSegment + " (last stored " + lastArchivedAt + ")")
        + (gaps.isEmpty() ? ", no gap" : "; GAPS: " + String.join(", ", gaps));
  }
}
