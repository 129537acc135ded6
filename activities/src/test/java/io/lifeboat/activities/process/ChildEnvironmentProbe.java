package io.lifeboat.activities.process;

import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.postgres.ToolProcess;
import io.lifeboat.activities.services.ShellCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Run as a worker would be, in a JVM of its own whose environment holds secrets: starts {@code env}
 * through every way Lifeboat starts a process and prints what each child saw, a {@code == path}
 * line before each.
 */
public final class ChildEnvironmentProbe {
  static final String SEPARATOR = "== ";

  private ChildEnvironmentProbe() {}

  public static void main(String[] args) throws Exception {
    Duration timeout = Duration.ofSeconds(30);
    print("CommandOutput.run", CommandOutput.run(List.of("env")).output());
    print("CommandOutput.run with variables",
        CommandOutput.run(List.of("env"), Map.of("LIFEBOAT_TARGET", "shop"), timeout).orElseThrow().output());
    print("ShellCommand.sh", ShellCommand.sh("env", timeout).output());
    try (ToolProcess tool = ToolProcess.start(List.of("env"),
        new PostgresServer("127.0.0.1", 5432, "app", "target-password", "require").toolEnvironment("shop"))) {
      String seen = new String(tool.stdout().readAllBytes(), StandardCharsets.UTF_8);
      tool.waitForSuccess();
      print("ToolProcess.start", seen);
    }
    Process process = ChildEnvironment.builder(List.of("env"), Map.of("REDISCLI_AUTH", "redis-password")).start();
    String seen = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    print("ChildEnvironment.builder", seen);
  }

  private static void print(String path, String env) {
    System.out.println(SEPARATOR + path);
    System.out.println(env.strip());
  }
}
