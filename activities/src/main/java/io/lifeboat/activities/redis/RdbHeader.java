package io.lifeboat.activities.redis;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The start of an RDB file: its version and, from the {@code RESIZEDB} opcode Redis writes
 * before each database's keys, how many keys (and keys with a TTL) database 0 held at the fork.
 */
record RdbHeader(int version, long keys, long expires) {
  private static final int AUX = 0xFA;
  private static final int RESIZEDB = 0xFB;
  private static final int SELECTDB = 0xFE;
  private static final int EOF = 0xFF;
  private static final int FUNCTION = 0xF6;
  private static final int FUNCTION2 = 0xF5;
  static final int CAPTURE = 1 << 20;

  /** True when the bytes start like an RDB file ({@code REDIS} and a 4-digit version). */
  static boolean looksLikeRdb(byte[] head) {
    return head.length >= 9 && new String(head, 0, 5, StandardCharsets.US_ASCII).equals("REDIS")
        && new String(head, 5, 4, StandardCharsets.US_ASCII).chars().allMatch(Character::isDigit);
  }

  /** Parses the header; empty when the bytes end before database 0's sizes or hold unknown opcodes. */
  static Optional<RdbHeader> parse(byte[] head) {
    if (!looksLikeRdb(head)) {
      return Optional.empty();
    }
    int version = Integer.parseInt(new String(head, 5, 4, StandardCharsets.US_ASCII));
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(head, 9, head.length - 9));
    try {
      long db = -1;
      while (true) {
        int op = in.readUnsignedByte();
        switch (op) {
          case AUX -> {
            skipString(in);
            skipString(in);
          }
          case FUNCTION, FUNCTION2 -> skipString(in);
          case SELECTDB -> {
            db = length(in);
            if (db != 0) {
              return Optional.of(new RdbHeader(version, 0, 0)); // empty databases are not written
            }
          }
          case RESIZEDB -> {
            long keys = length(in);
            long expires = length(in);
            return db == 0 ? Optional.of(new RdbHeader(version, keys, expires)) : Optional.empty();
          }
          case EOF -> {
            return Optional.of(new RdbHeader(version, 0, 0));
          }
          default -> {
            return Optional.empty();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static long length(DataInputStream in) throws IOException {
    return length(in, in.readUnsignedByte());
  }

  private static long length(DataInputStream in, int first) throws IOException {
    return switch (first >> 6) {
      case 0 -> first & 0x3F;
      case 1 -> ((first & 0x3F) << 8) | in.readUnsignedByte();
      case 2 -> first == 0x80 ? Integer.toUnsignedLong(in.readInt()) : first == 0x81 ? in.readLong() : bad();
      default -> bad();
    };
  }

  private static long bad() throws IOException {
    throw new IOException("unexpected length encoding");
  }

  private static void skipString(DataInputStream in) throws IOException {
    int first = in.readUnsignedByte();
    if (first >> 6 == 3) {
      switch (first & 0x3F) {
        case 0 -> skip(in, 1);
        case 1 -> skip(in, 2);
        case 2 -> skip(in, 4);
        case 3 -> {
          long compressed = length(in);
          length(in);
          skip(in, compressed);
        }
        default -> bad();
      }
      return;
    }
    skip(in, length(in, first));
  }

  private static void skip(InputStream in, long n) throws IOException {
    in.skipNBytes(n); // throws EOFException when the bytes end first
  }

  /** Keeps the first {@link #CAPTURE} bytes written through it. */
  static final class Capture extends OutputStream {
    private final byte[] head = new byte[CAPTURE];
    private int size;

    @Override
    public void write(int b) {
      if (size < head.length) {
        head[size++] = (byte) b;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      int n = Math.min(len, head.length - size);
      if (n > 0) {
        System.arraycopy(b, off, head, size, n);
        size += n;
      }
    }

    byte[] bytes() {
      return Arrays.copyOf(head, size);
    }
  }
}
