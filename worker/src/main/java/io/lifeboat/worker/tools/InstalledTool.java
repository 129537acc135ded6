package io.lifeboat.worker.tools;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program found on this machine: where it is and the version it reports ("15.18", "7.0.15";
 * {@code unknown} when its version output has no number in it; {@code null} when it was not asked,
 * see {@link InstalledTools#locate}).
 */
public record InstalledTool(String name, Path path, String version) {
  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)*");
  static final String UNKNOWN = "unknown";

  /** The version in a tool's first line of {@code --version} output ("pg_dump (PostgreSQL) 15.18 (Debian …)"). */
  static String versionIn(String firstLine) {
    Matcher m = VERSION.matcher(firstLine == null ? "" : firstLine);
    return m.find() ? m.group() : UNKNOWN;
  }

  /** The major version (15 of "15.18", 7 of "7.0.15"); 0 when unknown. */
  public int major() {
    Matcher m = VERSION.matcher(version == null ? "" : version);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
