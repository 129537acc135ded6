package io.lifeboat.activities.postgres;

import java.util.Locale;

/**
 * Names of the databases and schemas Lifeboat creates for itself; PostgreSQL allows 63 bytes. The
 * schema names hold {@code __lifeboat_}, which tenant listings leave out.
 */
final class ScratchNames {
  private static final int MAX = 63;
  private static final String EVERY = "*";

  private ScratchNames() {}

  static String forVerification(String backupId) {
    return fit("lifeboat_verify_" + backupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_"));
  }

  /** Where a restore run ({@code runToken}) restores a database or a tenant's schema beside the live one. */
  static String staging(String name, String runToken) {
    return beside(name, stagingSuffix(runToken));
  }

  /**
   * What a live database or schema is renamed to when the restored one is swapped in; dropped once
   * the run has succeeded.
   */
  static String retired(String name, String runToken) {
    return beside(name, retiredSuffix(runToken));
  }

  static String stagingSuffix(String runToken) {
    return "__lifeboat_restore_" + shortToken(runToken);
  }

  static String retiredSuffix(String runToken) {
    return "__lifeboat_old_" + shortToken(runToken);
  }

  /**
   * The suffix of the empty database a restore of several databases creates beside one that did not
   * exist before it, so that undoing the restore knows to drop that one rather than put one back.
   */
  static String absentSuffix(String runToken) {
    return "__lifeboat_new_" + shortToken(runToken);
  }

  /**
   * Names every database a run made with {@code suffix} at once ({@code *__lifeboat_old_1a2b3c4d}),
   * where one restore handles several databases.
   */
  static String every(String suffix) {
    return EVERY + suffix;
  }

  static boolean isEvery(String name) {
    return name != null && name.startsWith(EVERY);
  }

  /** The suffix an {@link #every} name stands for. */
  static String suffixOf(String every) {
    return every.substring(EVERY.length());
  }

  /** The run token an {@link #every} name (or a suffix) was made with, as the suffixes hold it. */
  static String tokenOf(String every) {
    return every.substring(every.lastIndexOf('_') + 1);
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
