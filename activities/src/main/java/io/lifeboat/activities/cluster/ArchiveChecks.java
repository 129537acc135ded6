package io.lifeboat.activities.cluster;

import io.lifeboat.activities.wal.WalArchives;
import io.lifeboat.activities.wal.WalArchive.ArchivedFile;
import io.lifeboat.activities.wal.WalFileName;
import io.lifeboat.workflows.cluster.ArchiveReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads a target's WAL archive from the bucket alone (no catalog): its timelines, first and last
 * segments, and the runs of segments missing inside each timeline. With the primary bucket
 * unreachable, from an off-site location's copy of the archive (see {@link WalArchives}).
 */
final class ArchiveChecks {
  private final WalArchives archives;

  ArchiveChecks(WalArchives archives) {
    this.archives = archives;
  }

  /** The archive as it is now. */
  Listing list(String target) {
    WalArchives.Reading reading = archives.reading(target);
    List<ArchivedFile> files = reading.files();
    TreeMap<Long, List<ArchivedFile>> segments = new TreeMap<>();
    Instant lastArchivedAt = null;
    for (ArchivedFile file : files) {
      if (file.file().type() == WalFileName.Type.SEGMENT) {
        segments.computeIfAbsent(file.file().timeline(), t -> new ArrayList<>()).add(file);
      }
      if (lastArchivedAt == null || file.archivedAt().isAfter(lastArchivedAt)) {
        lastArchivedAt = file.archivedAt();
      }
    }
    long segmentBytes = segments.isEmpty() ? 0
        : reading.archive().segmentBytes(target, segments.values().iterator().next().get(0).file()).orElse(16L << 20);
    return new Listing(target, files, segments, segmentBytes, lastArchivedAt);
  }

  ArchiveReport check(String target) {
    Listing listing = list(target);
    List<String> gaps = new ArrayList<>();
    listing.segments().forEach((timeline, files) ->
        gaps.addAll(listing.gaps(files, files.get(0).file().segmentNumber(listing.segmentBytes()))));
    long segments = listing.segments().values().stream().mapToLong(List::size).sum();
    long stored = listing.files().stream().mapToLong(ArchivedFile::storedBytes).sum();
    List<ArchivedFile> newest = listing.segments().isEmpty() ? List.of()
        : listing.segments().lastEntry().getValue();
    return new ArchiveReport(target, segments, stored, List.copyOf(listing.segments().keySet()),
        newest.isEmpty() ? null : newest.get(0).file().name(),
        newest.isEmpty() ? null : newest.get(newest.size() - 1).file().name(), listing.lastArchivedAt(), gaps);
  }

  /**
   * A target's archive, segments grouped by timeline in order.
   *
   * @param segmentBytes the size of its segments (0 when there are none)
   */
  record Listing(String target, List<ArchivedFile> files, TreeMap<Long, List<ArchivedFile>> segments, long segmentBytes,
      Instant lastArchivedAt) {

    /**
     * Runs of segments missing among {@code files} (one timeline, in order) from segment number
     * {@code from} to the last one archived; with none archived from there, that one.
     */
    List<String> gaps(List<ArchivedFile> files, long from) {
      List<String> gaps = new ArrayList<>();
      long expected = from;
      long timeline = 0;
      for (ArchivedFile file : files) {
        long number = file.file().segmentNumber(segmentBytes);
        timeline = file.file().timeline();
        if (number < expected) {
          continue;
        }
        if (number > expected) {
          gaps.add(range(timeline, expected, number - 1));
        }
        expected = number + 1;
      }
      if (expected == from && !files.isEmpty()) {
        gaps.add(range(timeline, from, from));
      }
      return gaps;
    }

    private String range(long timeline, long first, long last) {
      String firstName = WalFileName.segmentName(timeline, first, segmentBytes);
      return first == last ? firstName : firstName + ".." + WalFileName.segmentName(timeline, last, segmentBytes);
    }
  }
}
