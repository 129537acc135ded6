package io.lifeboat.worker;

import io.lifeboat.activities.process.CommandOutput;
import io.lifeboat.worker.tools.BuildInfo;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Versions of the tools that wrote a backup, recorded in its manifest. */
final class ToolVersions {
  private ToolVersions() {}

  static Map<String, String> detect() {
    Map<String, String> versions = new TreeMap<>();
    versions.put("lifeboat", BuildInfo.current().version());
    versions.put("pg_dump", firstLine("pg_dump", "--version"));
    versions.put("java", System.getProperty("java.version"));
    return versions;
  }

  private static String firstLine(String... command) {
    try {
      return CommandOutput.run(List.of(command)).output().lines().findFirst().orElse("unknown");
    } catch (IOException e) {
      return "not installed";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
