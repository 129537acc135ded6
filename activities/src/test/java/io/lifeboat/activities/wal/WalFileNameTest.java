package io.lifeboat.activities.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WalFileNameTest {
  private static final long SEGMENT = 16L << 20;

  @Test
  void parsesEveryKindOfFilePostgresArchives() {
    assertThat(WalFileName.parse("000000020000000A000000FF")).get()
        .satisfies(f -> {
          assertThat(f.type()).isEqualTo(WalFileName.Type.SEGMENT);
          assertThat(f.timeline()).isEqualTo(2);
          assertThat(f.segmentNumber(SEGMENT)).isEqualTo(0xA * 256 + 0xFF);
        });
    assertThat(WalFileName.parse("00000002.history")).get().returns(WalFileName.Type.HISTORY, WalFileName::type);
    assertThat(WalFileName.parse("000000010000000000000002.00000028.backup")).get()
        .returns(WalFileName.Type.BACKUP, WalFileName::type);
    assertThat(WalFileName.parse("000000010000000000000002.partial")).get()
        .returns(WalFileName.Type.PARTIAL, WalFileName::type);
  }

  @Test
  void refusesWhatIsNotAnArchivedFileName() {
    assertThat(WalFileName.parse("../../etc/passwd")).isEmpty();
    assertThat(WalFileName.parse("000000010000000000000002.tmp")).isEmpty();
    assertThat(WalFileName.parse("00000001000000000000000g")).isEmpty();
    assertThat(WalFileName.parse("RECOVERYXLOG")).isEmpty();
  }

  @Test
  void findsTheSegmentOfAPositionAcrossLogBoundaries() {
    assertThat(WalFileName.segmentOf(1, "0/2000028", SEGMENT).name()).isEqualTo("000000010000000000000002");
    assertThat(WalFileName.segmentOf(1, "0/FFFFFFFF", SEGMENT).name()).isEqualTo("0000000100000000000000FF");
    assertThat(WalFileName.segmentOf(3, "1/0", SEGMENT).name()).isEqualTo("000000030000000100000000");
    assertThat(WalFileName.segmentName(1, 256, SEGMENT)).isEqualTo("000000010000000100000000");
    assertThat(WalFileName.segmentOf(1, "0/4000000", 64L << 20).name()).isEqualTo("000000010000000000000001");
  }

  @Test
  void positionsRoundTripAndBadOnesSayTheForm() {
    assertThat(Lsn.format(Lsn.parse("16/B374D848"))).isEqualTo("16/B374D848");
    assertThatThrownBy(() -> Lsn.parse("16-B374")).hasMessage("'16-B374' is not a WAL position such as 0/3A000060");
  }
}
