package io.lifeboat.workflows.impl;

import java.util.Locale;

/**
 * Names of the databases and schemas Lifeboat creates for itself; PostgreSQL allows 63 bytes. The
 * schema names hold {@code __lifeboat_}, which tenant listings leave out.
 */
public final class ScratchNames {
  private static final int MAX = 63;

  private ScratchNames() {}

  public static String forVerification(String backupId) {
    return fit("lifeboat_verify_" + backupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_"));
  }

  /** Where a database or a tenant's schema is restored beside the live one. */
  public static String staging(String name) {
    return beside(name, "__lifeboat_restore");
  }

  /**
   * What a live database or schema is renamed to when the restored one is swapped in; dropped once
   * the run has succeeded.
   */
  public static String retired(String name, String runId) {
    return beside(name, "__lifeboat_old_" + runId.replace("-", "").substring(0, 8));
  }

  /** A name of {@code name} followed by {@code suffix}, within PostgreSQL's 63 bytes. */
  public static String beside(String name, String suffix) {
    return fit(name, MAX - suffix.length()) + suffix;
  }

  private static String fit(String name) {
    return fit(name, MAX);
  }

  private static String fit(String name, int max) {
    return name.length() <= max ? name : name.substring(0, max);
  }
}
