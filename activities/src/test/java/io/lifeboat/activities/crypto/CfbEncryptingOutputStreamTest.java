package io.lifeboat.activities.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CfbEncryptingOutputStreamTest {

  @Test
  void producesExactlyWhatTheJdksCfbProducesWhateverTheWriteSizes() throws Exception {
    Random random = new Random(42);
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
      byte[] expected = reference.doFinal(plaintext);

      ByteArrayOutputStream actual = new ByteArrayOutputStream();
      try (CfbEncryptingOutputStream cfb = new CfbEncryptingOutputStream(actual, key, iv)) {
        int offset = 0;
        while (offset < plaintext.length) {
          // single bytes, odd sizes, partial and whole blocks, and big runs
          int size = Math.min(plaintext.length - offset, switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> random.nextInt(40);
            case 2 -> 16 * random.nextInt(8);
            default -> random.nextInt(70_000);
          });
          cfb.write(plaintext, offset, size);
          offset += size;
        }
      }

      assertThat(actual.toByteArray()).as("AES-%d", keySize * 8).isEqualTo(expected);
    }
  }
}
