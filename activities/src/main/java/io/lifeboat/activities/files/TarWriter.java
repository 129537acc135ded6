package io.lifeboat.activities.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a POSIX (pax) tar stream that GNU tar and bsdtar extract: a pax extended header carries
 * what ustar cannot hold (nanosecond mtimes, long or non-ASCII names, large sizes and ids).
 * It knows the offset of every entry's data in the stream, which the file index records so a
 * later restore can pick one file out of the stream without parsing it.
 */
final class TarWriter {
  static final int BLOCK = 512;
  private static final byte[] ZEROS = new byte[BLOCK];
  private static final long MAX_OCTAL_7 = 07777777L;
  private static final long MAX_OCTAL_11 = 077777777777L;

  enum Type {
    FILE('0'), SYMLINK('2'), DIRECTORY('5');

    final char flag;

    Type(char flag) {
      this.flag = flag;
    }
  }

  /** One entry's header fields; {@code name} relative (no leading slash), directories end with '/'. */
  record Header(String name, Type type, int mode, long uid, long gid, String user, String group,
      long size, long mtimeSeconds, int mtimeNanos, String linkTarget) {}

  private final OutputStream out;
  private long position;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Bytes written so far: after {@link #header}, the offset of the entry's data. */
  long position() {
    return position;
  }

  /** Writes the headers of an entry; a file's {@code size} bytes of data must follow, then {@link #endData}. */
  void header(Header h) throws IOException {
    StringBuilder pax = new StringBuilder();
    byte[] nameBytes = h.name().getBytes(StandardCharsets.UTF_8);
    boolean asciiName = nameBytes.length == h.name().length();
    if (nameBytes.length > 100 || !asciiName) {
      record(pax, "path", h.name());
    }
    if (h.linkTarget() != null) {
      byte[] link = h.linkTarget().getBytes(StandardCharsets.UTF_8);
      if (link.length > 100 || link.length != h.linkTarget().length()) {
        record(pax, "linkpath", h.linkTarget());
      }
    }
    if (h.mtimeNanos() != 0 || h.mtimeSeconds() < 0 || h.mtimeSeconds() > MAX_OCTAL_11) {
      record(pax, "mtime", h.mtimeSeconds() + "." + String.format("%09d", h.mtimeNanos()));
    }
    if (h.size() > MAX_OCTAL_11) {
      record(pax, "size", Long.toString(h.size()));
    }
    if (h.uid() > MAX_OCTAL_7) {
      record(pax, "uid", Long.toString(h.uid()));
    }
    if (h.gid() > MAX_OCTAL_7) {
      record(pax, "gid", Long.toString(h.gid()));
    }
    if (h.user() != null && h.user().getBytes(StandardCharsets.UTF_8).length != h.user().length()) {
      record(pax, "uname", h.user());
    }
    if (h.group() != null && h.group().getBytes(StandardCharsets.UTF_8).length != h.group().length()) {
      record(pax, "gname", h.group());
    }
    if (pax.length() > 0) {
      byte[] data = pax.toString().getBytes(StandardCharsets.UTF_8);
      String paxName = "PaxHeader/" + lastComponent(asciiName ? h.name() : "entry");
      writeBlock(ustar(paxName, 'x', 0644, 0, 0, null, null, data.length, Math.max(0, h.mtimeSeconds()), null));
      out.write(data);
      position += data.length;
      endData(data.length);
    }
    long mtime = Math.min(Math.max(0, h.mtimeSeconds()), MAX_OCTAL_11);
    writeBlock(ustar(h.name(), h.type().flag, h.mode() & 07777, Math.min(h.uid(), MAX_OCTAL_7),
        Math.min(h.gid(), MAX_OCTAL_7), h.user(), h.group(), h.type() == Type.FILE ? Math.min(h.size(), MAX_OCTAL_11) : 0,
        mtime, h.linkTarget()));
  }

  void data(byte[] buffer, int offset, int length) throws IOException {
    out.write(buffer, offset, length);
    position += length;
  }

  /** Pads a file's data of {@code size} bytes to the block boundary. */
  void endData(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) {
      out.write(ZEROS, 0, BLOCK - rest);
      position += BLOCK - rest;
    }
  }

  /** The end-of-archive marker: two zero blocks. */
  void finish() throws IOException {
    writeBlock(ZEROS);
    writeBlock(ZEROS);
  }

  private void writeBlock(byte[] block) throws IOException {
    out.write(block, 0, BLOCK);
    position += BLOCK;
  }

  private static byte[] ustar(String name, char type, int mode, long uid, long gid, String user, String group,
      long size, long mtime, String link) {
    byte[] b = new byte[BLOCK];
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    if (nameBytes.length <= 100) {
      System.arraycopy(nameBytes, 0, b, 0, nameBytes.length);
    } else {
      // The pax header holds the full name; ustar readers get a prefix/name split where one fits.
      int split = splitPoint(nameBytes);
      if (split > 0) {
        System.arraycopy(nameBytes, 0, b, 345, split);
        System.arraycopy(nameBytes, split + 1, b, 0, nameBytes.length - split - 1);
      } else {
        System.arraycopy(nameBytes, nameBytes.length - 100, b, 0, 100);
      }
    }
    octal(b, 100, 8, mode);
    octal(b, 108, 8, uid);
    octal(b, 116, 8, gid);
    octal(b, 124, 12, size);
    octal(b, 136, 12, mtime);
    Arrays.fill(b, 148, 156, (byte) ' ');
    b[156] = (byte) type;
    if (link != null) {
      byte[] linkBytes = link.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(linkBytes, 0, b, 157, Math.min(100, linkBytes.length));
    }
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, b, 257, 6);
    b[263] = '0';
    b[264] = '0';
    ascii(b, 265, 32, user);
    ascii(b, 297, 32, group);
    long sum = 0;
    for (byte x : b) {
      sum += x & 0xff;
    }
    byte[] chk = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(chk, 0, b, 148, 6);
    b[154] = 0;
    b[155] = ' ';
    return b;
  }

  /** A '/' where the name splits into a prefix of at most 155 bytes and a name of at most 100. */
  private static int splitPoint(byte[] name) {
    for (int i = Math.min(155, name.length - 1); i > 0; i--) {
      if (name[i] == '/' && name.length - i - 1 <= 100 && name.length - i - 1 > 0) {
        return i;
      }
    }
    return -1;
  }

  private static void octal(byte[] b, int offset, int length, long value) {
    byte[] digits = String.format("%0" + (length - 1) + "o", value).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digits, 0, b, offset, length - 1);
    b[offset + length - 1] = 0;
  }

  private static void ascii(byte[] b, int offset, int length, String value) {
    if (value == null) {
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length == value.length() && bytes.length < length) {
      System.arraycopy(bytes, 0, b, offset, bytes.length);
    }
  }

  private static void record(StringBuilder pax, String key, String value) {
    // "<length> <key>=<value>\n", where the length counts itself
    int body = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 3;
    int length = body + Integer.toString(body).length();
    if (Integer.toString(length).length() != Integer.toString(body).length()) {
      length++;
    }
    pax.append(length).append(' ').append(key).append('=').append(value).append('\n');
  }

  private static String lastComponent(String name) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    byte[] bytes = last.getBytes(StandardCharsets.UTF_8);
    return bytes.length > 80 ? "long-name" : last;
  }
}
