package io.lifeboat.worker.cli;

/** Byte counts and rates as people read them. */
public final class Sizes {
  private Sizes() {}

  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format("%.1f %s", value, units[unit]);
  }

  public static String rate(long bytes, long millis) {
    return millis <= 0 ? "-" : String.format("%.1f MB/s", bytes / 1e6 / (millis / 1000.0));
  }
}
