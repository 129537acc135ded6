package io.lifeboat.activities.process;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment every process Lifeboat starts gets: an empty one, plus what any program needs to
 * run (PATH, HOME, the locale, the time zone) and the variables its caller names (a tool's own
 * PGPASSWORD, a hook's LIFEBOAT_TARGET). Nothing else of the worker's environment passes: it holds
 * the decryption key, S3 credentials and target passwords, which a pg_restore or an operator's
 * shell command has no business seeing. Every {@link ProcessBuilder} is built here, so this is the
 * one place the rule lives.
 */
public final class ChildEnvironment {
  /** Passed through from the worker when set there: none of them holds a secret. */
  static final List<String> PASSED = List.of("PATH", "HOME", "LANG", "TZ");
  /** Every {@code LC_*} locale variable passes too. */
  static final String LOCALE_PREFIX = "LC_";
  /** When the worker has no PATH of its own. */
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private ChildEnvironment() {}

  /** The environment for a child of this worker, with {@code own} (a tool's variables) added. */
  public static Map<String, String> of(Map<String, String> own) {
    return from(System.getenv(), own);
  }

  /** The environment for a child of a process whose environment is {@code parent}, {@code own} added. */
  static Map<String, String> from(Map<String, String> parent, Map<String, String> own) {
    Map<String, String> child = new TreeMap<>();
    parent.forEach((name, value) -> {
      if (PASSED.contains(name) || name.startsWith(LOCALE_PREFIX)) {
        child.put(name, value);
      }
    });
    child.putIfAbsent("PATH", DEFAULT_PATH);
    child.putIfAbsent("HOME", System.getProperty("user.home"));
    child.putAll(own);
    return child;
  }

  /** A builder for {@code command} whose child sees only {@link #of(Map) of(own)}. */
  public static ProcessBuilder builder(List<String> command, Map<String, String> own) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(of(own));
    return builder;
  }

  /** A builder for {@code command} whose child sees only what every program needs. */
  public static ProcessBuilder builder(List<String> command) {
    return builder(command, Map.of());
  }
}
