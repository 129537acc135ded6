package io.lifeboat.workflows.impl;

import java.util.Locale;

/** Names of the databases Lifeboat creates for itself; PostgreSQL allows 63 bytes. */
final class ScratchNames {
  private static final int MAX = 63;

  private ScratchNames() {}

  static String forVerification(String backupId) {
    return fit("lifeboat_verify_" + backupId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_"));
  }

  static String staging(String database) {
    String suffix = "__lifeboat_restore";
    return fit(database, MAX - suffix.length()) + suffix;
  }

  private static String fit(String name) {
    return fit(name, MAX);
  }

  private static String fit(String name, int max) {
    return name.length() <= max ? name : name.substring(0, max);
  }
}
