package io.lifeboat.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;

/**
 * The benchmark's input: a file that compresses like a database dump holding both text and
 * binary data. Blocks of 1 MiB alternate between random bytes (incompressible: think bytea,
 * already-compressed blobs) and SQL-like text rows (compressible).
 */
final class SampleFile {

  private static final int BLOCK = 1 << 20;

  private SampleFile() {}

  /** The file of {@code sizeMiB} MiB under {@code folder}, generated unless already there. */
  static Path ensure(Path folder, int sizeMiB) throws IOException {
    Path file = folder.resolve("semi-compressible-" + sizeMiB + "MiB.bin");
    if (Files.exists(file) && Files.size(file) == (long) sizeMiB * BLOCK) {
      return file;
    }
    Files.createDirectories(folder);
    Path partial = folder.resolve(file.getFileName() + ".partial");
    SplittableRandom random = new SplittableRandom(20250101);
    byte[] block = new byte[BLOCK];
    try (OutputStream out = Files.newOutputStream(partial)) {
      for (int i = 0; i < sizeMiB; i++) {
        if (i % 2 == 0) {
          fillRandom(block, random);
        } else {
          fillText(block, random);
        }
        out.write(block);
      }
    }
    Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    return file;
  }

  private static void fillRandom(byte[] block, SplittableRandom random) {
    ByteBuffer longs = ByteBuffer.wrap(block);
    while (longs.remaining() >= Long.BYTES) {
      longs.putLong(random.nextLong());
    }
  }

  private static void fillText(byte[] block, SplittableRandom random) {
    int offset = 0;
    StringBuilder row = new StringBuilder(160);
    while (offset < block.length) {
      row.setLength(0);
      row.append("INSERT INTO orders VALUES (")
          .append(random.nextInt(10_000_000))
          .append(", 'customer-")
          .append(random.nextInt(100_000))
          .append("', '2025-0")
          .append(1 + random.nextInt(9))
          .append("-1")
          .append(random.nextInt(10))
          .append("', ")
          .append(random.nextInt(100_000))
          .append('.')
          .append(random.nextInt(100))
          .append(", 'shipped to Main Street ")
          .append(random.nextInt(1000))
          .append("');\n");
      byte[] bytes = row.toString().getBytes(StandardCharsets.US_ASCII);
      int n = Math.min(bytes.length, block.length - offset);
      System.arraycopy(bytes, 0, block, offset, n);
      offset += n;
    }
  }
}
