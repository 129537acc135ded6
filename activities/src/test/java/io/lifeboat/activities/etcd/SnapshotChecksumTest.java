package io.lifeboat.activities.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The trailing SHA-256 of a snapshot, whatever the chunks it arrives in. */
class SnapshotChecksumTest {
  private static final byte[] CONTENT = content();

  @Test
  void aWholeSnapshotMatchesInAnyChunkingAndPassesThroughUnchanged() throws Exception {
    byte[] snapshot = withHash(CONTENT);
    for (int chunk : new int[] {1, 7, 31, 32, 33, 4096, snapshot.length}) {
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      SnapshotChecksum checksum = new SnapshotChecksum(copy);
      for (int off = 0; off < snapshot.length; off += chunk) {
        checksum.write(snapshot, off, Math.min(chunk, snapshot.length - off));
      }
      assertThat(checksum.matches()).as("chunks of %d", chunk).isTrue();
      assertThat(copy.toByteArray()).isEqualTo(snapshot);
      assertThat(checksum.bytes()).isEqualTo(snapshot.length);
    }
  }

  @Test
  void aSnapshotCutShortOrChangedDoesNotMatch() throws Exception {
    byte[] snapshot = withHash(CONTENT);
    SnapshotChecksum cut = new SnapshotChecksum(new ByteArrayOutputStream());
    cut.write(snapshot, 0, snapshot.length - 512);
    assertThat(cut.matches()).isFalse();

    byte[] changed = snapshot.clone();
    changed[100] ^= 1;
    SnapshotChecksum flipped = new SnapshotChecksum(new ByteArrayOutputStream());
    flipped.write(changed, 0, changed.length);
    assertThat(flipped.matches()).isFalse();

    SnapshotChecksum tiny = new SnapshotChecksum(new ByteArrayOutputStream());
    tiny.write(new byte[10], 0, 10);
    assertThat(tiny.matches()).isFalse();
  }

  private static byte[] withHash(byte[] content) throws Exception {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
    byte[] all = Arrays.copyOf(content, content.length + hash.length);
    System.arraycopy(hash, 0, all, content.length, hash.length);
    return all;
  }

  private static byte[] content() {
    byte[] bytes = new byte[20_480];
    new Random(3).nextBytes(bytes);
    return bytes;
  }
}
