package io.lifeboat.activities.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No secret of the worker reaches a child process. The worker here is a JVM of its own started
 * with a decryption key, S3 credentials and a PGPASSWORD in its environment, as a real worker has
 * them; it runs {@code env} through every way Lifeboat starts a process.
 */
@Timeout(60)
class ChildEnvironmentTest {
  private static final Map<String, String> WORKER = Map.of(
      "PATH", System.getenv().getOrDefault("PATH", ChildEnvironment.DEFAULT_PATH),
      "HOME", System.getProperty("user.home"),
      "LC_ALL", "C.UTF-8",
      "TZ", "UTC",
      "LIFEBOAT_DECRYPTION_KEY", "secret-decryption-key",
      "AWS_SECRET_ACCESS_KEY", "secret-aws-key",
      "AWS_ACCESS_KEY_ID", "secret-aws-id",
      "PGPASSWORD", "secret-worker-pgpassword",
      "STANDBY_PASSWORD", "secret-standby-password");

  @Test
  void aChildOfTheWorkerSeesNoneOfItsSecretsWhicheverWayItIsStarted() throws Exception {
    Map<String, Map<String, String>> seen = runProbe();

    assertThat(seen.keySet()).containsExactly("CommandOutput.run", "CommandOutput.run with variables",
        "ShellCommand.sh", "ToolProcess.start", "ChildEnvironment.builder");
    seen.forEach((path, env) -> {
      assertThat(env.values()).as(path).noneMatch(value -> value.startsWith("secret-"));
      assertThat(env).as(path).doesNotContainKeys("LIFEBOAT_DECRYPTION_KEY", "AWS_SECRET_ACCESS_KEY",
          "AWS_ACCESS_KEY_ID", "STANDBY_PASSWORD");
      assertThat(env).as(path).containsEntry("PATH", WORKER.get("PATH")).containsEntry("HOME", WORKER.get("HOME"))
          .containsEntry("LC_ALL", "C.UTF-8").containsEntry("TZ", "UTC");
    });
    assertThat(seen.get("CommandOutput.run")).doesNotContainKey("PGPASSWORD");
    assertThat(seen.get("CommandOutput.run with variables")).containsEntry("LIFEBOAT_TARGET", "shop");
    assertThat(seen.get("ToolProcess.start")).containsEntry("PGPASSWORD", "target-password")
        .containsEntry("PGDATABASE", "shop").containsEntry("PGSSLMODE", "require");
    assertThat(seen.get("ChildEnvironment.builder")).containsEntry("REDISCLI_AUTH", "redis-password");
  }

  @Test
  void onlyPathHomeLocaleAndTimeZonePassAndTheCallersVariablesWin() {
    Map<String, String> child = ChildEnvironment.from(Map.of("PATH", "/opt/bin", "LANG", "de_DE.UTF-8",
        "LC_TIME", "C", "TZ", "Europe/Berlin", "PGPASSWORD", "worker's", "LIFEBOAT_DECRYPTION_KEY", "key",
        "KUBECONFIG", "/root/.kube/config"), Map.of("PGPASSWORD", "target's"));

    assertThat(child).containsOnlyKeys("PATH", "HOME", "LANG", "LC_TIME", "TZ", "PGPASSWORD")
        .containsEntry("PATH", "/opt/bin").containsEntry("PGPASSWORD", "target's");
    assertThat(ChildEnvironment.from(Map.of(), Map.of())).containsEntry("PATH", ChildEnvironment.DEFAULT_PATH)
        .containsOnlyKeys("PATH", "HOME");
  }

  /** Starts the probe in a JVM whose whole environment is {@link #WORKER}; what each path's child saw. */
  private static Map<String, Map<String, String>> runProbe() throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), ChildEnvironmentProbe.class.getName());
    builder.environment().clear();
    builder.environment().putAll(WORKER);
    Process probe = builder.redirectErrorStream(true).start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(probe.exitValue()).as(output).isZero();
    Map<String, Map<String, String>> seen = new LinkedHashMap<>();
    Map<String, String> current = null;
    for (String line : output.lines().toList()) {
      if (line.startsWith(ChildEnvironmentProbe.SEPARATOR)) {
        current = new LinkedHashMap<>();
        seen.put(line.substring(ChildEnvironmentProbe.SEPARATOR.length()), current);
      } else if (current != null && line.contains("=")) {
        current.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return seen;
  }
}
