package io.lifeboat.activities.cluster;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code pg_basebackup -Ft -D -}'s tar stream as it is written into it, keeping the two
 * members that say which WAL the backup needs: {@code backup_label} (start position, timeline)
 * and the end of {@code backup_manifest} (its {@code WAL-Ranges}, with the end position), and
 * counting the members. Nothing else is kept.
 */
final class BaseBackupTar extends OutputStream {
  private static final int BLOCK = 512;
  private static final int MANIFEST_TAIL = 64 << 10;
  private static final Pattern START = Pattern.compile("START WAL LOCATION: ([0-9A-F]+/[0-9A-F]+) \\(file ([0-9A-F]{24})\\)");
  private static final Pattern TIMELINE = Pattern.compile("START TIMELINE: ([0-9]+)");
  private static final Pattern RANGE = Pattern.compile(
      "\"Timeline\": *([0-9]+), *\"Start-LSN\": *\"([0-9A-F]+/[0-9A-F]+)\", *\"End-LSN\": *\"([0-9A-F]+/[0-9A-F]+)\"");

  private final byte[] header = new byte[BLOCK];
  private int headerFilled;
  private long remaining;
  private long padding;
  private String member;
  private final ByteArrayOutputStream label = new ByteArrayOutputStream();
  private byte[] manifestTail = new byte[0];

  private int members;

  /** Where the backup's WAL starts and ends, once the stream has been read to its end. */
  record WalNeeded(long timeline, String startLsn, String startSegment, String endLsn) {}

  Optional<WalNeeded> walNeeded() {
    String labelText = label.toString(StandardCharsets.UTF_8);
    Matcher start = START.matcher(labelText);
    Matcher timeline = TIMELINE.matcher(labelText);
    Matcher range = RANGE.matcher(new String(manifestTail, StandardCharsets.UTF_8));
    if (!start.find() || !timeline.find()) {
      return Optional.empty();
    }
    String end = null;
    while (range.find()) {
      end = range.group(3);
    }
    return end == null ? Optional.empty()
        : Optional.of(new WalNeeded(Long.parseLong(timeline.group(1)), start.group(1), start.group(2), end));
  }

  /** How many members (files, directories) the stream held. */
  int members() {
    return members;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    observe(b, off, len);
  }

  /** {@code in}, with every byte read from it also written into this. */
  InputStream tap(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          write(b);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          observe(b, off, n);
        }
        return n;
      }
    };
  }

  private void observe(byte[] b, int off, int len) {
    while (len > 0) {
      int n;
      if (remaining > 0) {
        n = (int) Math.min(len, remaining);
        keep(b, off, n);
        remaining -= n;
      } else if (padding > 0) {
        n = (int) Math.min(len, padding);
        padding -= n;
      } else {
        n = Math.min(len, BLOCK - headerFilled);
        System.arraycopy(b, off, header, headerFilled, n);
        headerFilled += n;
        if (headerFilled == BLOCK) {
          headerFilled = 0;
          startMember();
        }
      }
      off += n;
      len -= n;
    }
  }

  private void startMember() {
    if (header[0] == 0) {
      member = null; // the end-of-archive blocks
      return;
    }
    members++;
    member = text(0, 100);
    String prefix = text(257, 5).equals("ustar") ? text(345, 155) : "";
    if (!prefix.isEmpty()) {
      member = prefix + "/" + member;
    }
    remaining = size();
    padding = (BLOCK - remaining % BLOCK) % BLOCK;
  }

  private void keep(byte[] b, int off, int n) {
    if ("backup_label".equals(member)) {
      label.write(b, off, n);
    } else if ("backup_manifest".equals(member)) {
      byte[] joined = Arrays.copyOf(manifestTail, manifestTail.length + n);
      System.arraycopy(b, off, joined, manifestTail.length, n);
      manifestTail = joined.length <= MANIFEST_TAIL ? joined
          : Arrays.copyOfRange(joined, joined.length - MANIFEST_TAIL, joined.length);
    }
  }

  /** The member's size: octal digits, or GNU base-256 for members of 8 GiB and more. */
  private long size() {
    if ((header[124] & 0x80) != 0) {
      long size = 0;
      for (int i = 125; i < 136; i++) {
        size = (size << 8) | (header[i] & 0xFF);
      }
      return size;
    }
    String octal = text(124, 12).trim();
    return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
  }

  private String text(int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }
}
