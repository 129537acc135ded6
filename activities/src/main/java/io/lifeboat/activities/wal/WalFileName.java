package io.lifeboat.activities.wal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A file PostgreSQL archives: a WAL segment ({@code 000000010000000A000000FF}), a timeline
 * history file ({@code 00000002.history}), a backup history file
 * ({@code 000000010000000A000000FF.00000028.backup}) or a partial segment left by a promotion
 * ({@code …FF.partial}). The first eight hex digits are the timeline; a segment's number orders
 * segments and finds gaps.
 */
public record WalFileName(String name, Type type, long timeline) implements Comparable<WalFileName> {
  private static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
  private static final Pattern HISTORY = Pattern.compile("[0-9A-F]{8}\\.history");
  private static final Pattern BACKUP = Pattern.compile("[0-9A-F]{24}\\.[0-9A-F]{8}\\.backup");
  private static final Pattern PARTIAL = Pattern.compile("[0-9A-F]{24}\\.partial");

  /** What the file holds. */
  public enum Type { SEGMENT, HISTORY, BACKUP, PARTIAL }

  /** The file {@code name} stands for, or empty when it is not a name PostgreSQL archives. */
  public static Optional<WalFileName> parse(String name) {
    Type type;
    if (SEGMENT.matcher(name).matches()) {
      type = Type.SEGMENT;
    } else if (HISTORY.matcher(name).matches()) {
      type = Type.HISTORY;
    } else if (BACKUP.matcher(name).matches()) {
      type = Type.BACKUP;
    } else if (PARTIAL.matcher(name).matches()) {
      type = Type.PARTIAL;
    } else {
      return Optional.empty();
    }
    return Optional.of(new WalFileName(name, type, Long.parseLong(name.substring(0, 8), 16)));
  }

  /** The segment of {@code timeline} that holds {@code lsn} ("16/B374D848"), for a segment size. */
  public static WalFileName segmentOf(long timeline, String lsn, long segmentBytes) {
    long position = Lsn.parse(lsn);
    long number = position / segmentBytes;
    long perLog = 0x1_0000_0000L / segmentBytes;
    String name = String.format("%08X%08X%08X", timeline, number / perLog, number % perLog);
    return new WalFileName(name, Type.SEGMENT, timeline);
  }

  /** The timeline as PostgreSQL prints it in file names: eight hex digits. */
  public String timelineHex() {
    return name.substring(0, 8);
  }

  /**
   * The segment's position in the timeline's sequence, for a segment size; a backup history or
   * partial file has the number of the segment it belongs to.
   */
  public long segmentNumber(long segmentBytes) {
    if (type == Type.HISTORY) {
      throw new IllegalStateException(name + " is a history file, not a segment");
    }
    long perLog = 0x1_0000_0000L / segmentBytes;
    return Long.parseLong(name.substring(8, 16), 16) * perLog + Long.parseLong(name.substring(16, 24), 16);
  }

  /** The name of the segment with {@code number} on this file's timeline. */
  public static String segmentName(long timeline, long number, long segmentBytes) {
    long perLog = 0x1_0000_0000L / segmentBytes;
    return String.format("%08X%08X%08X", timeline, number / perLog, number % perLog);
  }

  @Override
  public int compareTo(WalFileName other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
