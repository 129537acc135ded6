package io.lifeboat.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class Sha256Test {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

  @Test
  void isWhatSha256sumPrints() {
    // FIPS 180-2, appendix B.1
    assertThat(Sha256.of(ABC)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void bytesStreamedThroughADigestHashTheSame() {
    MessageDigest digest = Sha256.newDigest();
    digest.update(ABC, 0, 1);
    digest.update(ABC, 1, 2);

    assertThat(Sha256.hex(digest)).isEqualTo(Sha256.of(ABC));
  }
}
