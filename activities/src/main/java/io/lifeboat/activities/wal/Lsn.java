package io.lifeboat.activities.wal;

/** PostgreSQL's write-ahead log positions as text ({@code 16/B374D848}) and as numbers. */
public final class Lsn {
  private Lsn() {}

  /** The position {@code text} names; fails with the expected form when it is not one. */
  public static long parse(String text) {
    int slash = text == null ? -1 : text.indexOf('/');
    try {
      if (slash > 0) {
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("'" + text + "' is not a WAL position such as 0/3A000060");
  }

  public static String format(long position) {
    return String.format("%X/%X", position >>> 32, position & 0xFFFF_FFFFL);
  }
}
