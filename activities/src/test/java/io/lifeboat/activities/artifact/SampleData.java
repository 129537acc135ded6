package io.lifeboat.activities.artifact;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Test data that compresses like a database dump with binary columns: half text, half noise. */
final class SampleData {

  private static final int BLOCK = 256 * 1024;

  private SampleData() {}

  static byte[] semiCompressible(int size, long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[size];
    byte[] text = ("INSERT INTO accounts VALUES (%d, 'customer-%d', 'Main Street %d', %d.%02d);\n")
        .getBytes(StandardCharsets.US_ASCII);
    for (int offset = 0, block = 0; offset < size; offset += BLOCK, block++) {
      int length = Math.min(BLOCK, size - offset);
      if (block % 2 == 0) {
        byte[] noise = new byte[length];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, data, offset, length);
      } else {
        for (int i = 0; i < length; i++) {
          byte b = text[i % text.length];
          data[offset + i] = b == '%' ? (byte) ('0' + random.nextInt(10)) : b;
        }
      }
    }
    return data;
  }
}
