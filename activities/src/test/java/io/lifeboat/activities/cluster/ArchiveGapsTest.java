package io.lifeboat.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.wal.WalArchive.ArchivedFile;
import io.lifeboat.activities.wal.WalFileName;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ArchiveGapsTest {
  private static final long SEGMENT = 16L << 20;

  @Test
  void aWholeRunHasNoGap() {
    assertThat(listing().gaps(files("000000010000000000000001", "000000010000000000000002",
        "000000010000000000000003"), 1)).isEmpty();
  }

  @Test
  void namesEachRunOfMissingSegmentsAcrossALogBoundary() {
    List<ArchivedFile> files = files("0000000100000000000000FD", "000000010000000100000001",
        "000000010000000100000003");
    assertThat(listing().gaps(files, 0xFD))
        .containsExactly("0000000100000000000000FE..000000010000000100000000", "000000010000000100000002");
  }

  @Test
  void aMissingFirstSegmentIsAGapToo() {
    assertThat(listing().gaps(files("000000010000000000000005", "000000010000000000000006"), 3))
        .containsExactly("000000010000000000000003..000000010000000000000004");
    assertThat(listing().gaps(files("000000010000000000000001"), 3)).containsExactly("000000010000000000000003");
  }

  private static ArchiveChecks.Listing listing() {
    return new ArchiveChecks.Listing("main", List.of(), new TreeMap<>(), SEGMENT, Instant.EPOCH);
  }

  private static List<ArchivedFile> files(String... names) {
    return Stream.of(names).map(n -> new ArchivedFile(WalFileName.parse(n).orElseThrow(), 1, Instant.EPOCH)).toList();
  }
}
