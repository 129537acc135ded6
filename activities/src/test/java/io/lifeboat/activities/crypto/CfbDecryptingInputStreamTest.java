package io.lifeboat.activities.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CfbDecryptingInputStreamTest {

  @Test
  void decryptsWhatTheJdksCfbEncryptedWhateverTheReadSizes() throws Exception {
    Random random = new Random(7);
    for (int keySize : new int[] {16, 24, 32}) {
      byte[] keyBytes = new byte[keySize];
      byte[] iv = new byte[16];
      byte[] plaintext = new byte[300_000];
      random.nextBytes(keyBytes);
      random.nextBytes(iv);
      random.nextBytes(plaintext);
      SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
      Cipher reference = Cipher.getInstance("AES/CFB/NoPadding");
      reference.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
      byte[] ciphertext = reference.doFinal(plaintext);

      ByteArrayOutputStream decrypted = new ByteArrayOutputStream();
      try (InputStream cfb = new CfbDecryptingInputStream(new ShortReads(ciphertext, random), key, iv)) {
        byte[] buffer = new byte[80_000];
        int n;
        while ((n = cfb.read(buffer, 0, 1 + random.nextInt(buffer.length))) >= 0) {
          decrypted.write(buffer, 0, n);
        }
        assertThat(cfb.read()).isEqualTo(-1);
      }

      assertThat(decrypted.toByteArray()).as("AES-%d", keySize * 8).isEqualTo(plaintext);
    }
  }

  /** Returns fewer bytes than asked for, as sockets do. */
  private static final class ShortReads extends FilterInputStream {
    private final Random random;

    ShortReads(byte[] bytes, Random random) {
      super(new ByteArrayInputStream(bytes));
      this.random = random;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
      int size = switch (random.nextInt(3)) {
        case 0 -> 1;
        case 1 -> 1 + random.nextInt(40);
        default -> length;
      };
      return super.read(buffer, offset, Math.min(length, size));
    }
  }
}
