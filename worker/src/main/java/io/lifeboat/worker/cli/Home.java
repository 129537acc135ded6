package io.lifeboat.worker.cli;

import java.nio.file.Path;

/** Where the embedded stacks keep their state: $LIFEBOAT_HOME, else ./.lifeboat. */
final class Home {
  private Home() {}

  static Path dir() {
    String home = System.getenv("LIFEBOAT_HOME");
    return Path.of(home == null || home.isBlank() ? ".lifeboat" : home).toAbsolutePath();
  }
}
