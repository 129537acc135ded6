package io.lifeboat.worker.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and the commit this build of Lifeboat was made from, written into the worker's jar
 * at build time (worker/pom.xml filters {@code version.properties}; the commit is {@code git
 * rev-parse} of the work tree). A build outside a git checkout has the commit {@code unknown}.
 */
public record BuildInfo(String version, String commit) {
  private static final String RESOURCE = "/io/lifeboat/worker/version.properties";

  /** This build's. */
  public static BuildInfo current() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " from Lifeboat's jar: " + e.getMessage(), e);
    }
    return new BuildInfo(filled(properties.getProperty("version")), filled(properties.getProperty("commit")));
  }

  /** A value the build filled in, else {@code unknown} (a placeholder left as written, or none). */
  private static String filled(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value;
  }

  /** {@code lifeboat 0.1.0 (commit 1a2b3c4)}. */
  public String line() {
    return "lifeboat " + version + " (commit " + commit + ")";
  }
}
