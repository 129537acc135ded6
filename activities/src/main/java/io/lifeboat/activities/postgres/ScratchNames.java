package io.lifeboat.activities.postgres;

import java.util.Locale;

/**
 * Names of the databases and schemas Lifeboat creates for itself; PostgreSQL allows 63 bytes. The
 * schema names hold {@code __lifeboat_}, which tenant listings leave out.
 */
final class ScratchNames {
  private static final int MAX = 63;

  private ScratchNames() {}

  static String forVerification(String backupId) {
    return fit("lifeboat_verify_" + backupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_"));
  }

  /** Where a restore run ({@code runToken}) restores a database or a tenant's schema beside the live one. */
  static String staging(String name, String runToken) {
    return beside(name, "__lifeboat_restore_" + shortToken(runToken));
  }

  /**
   * What a live database or schema is renamed to when the restored one is swapped in; dropped once
   * the run has succeeded.
   */
  static String retired(String name, String runToken) {
    return beside(name, "__lifeboat_old_" + shortToken(runToken));
  }

  private static String shortToken(String runToken) {
    String token = runToken.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return token.length() <= 8 ? token : token.substring(0, 8);
  }

  /** A name of {@code name} followed by {@code suffix}, within PostgreSQL's 63 bytes. */
  static String beside(String name, String suffix) {
    return fit(name, MAX - suffix.length()) + suffix;
  }

  private static String fit(String name) {
    return fit(name, MAX);
  }

  private static String fit(String name, int max) {
    return name.length() <= max ? name : name.substring(0, max);
  }
}
