package io.lifeboat.workflows.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A parameter's value put into a shell command (a migration's {@code command}, the {@code command}
 * service provider's start/stop/status) is one quoted word; elsewhere it is put in as it is.
 */
class ShellArgumentsTest {
  private static final String HOSTILE = "orders'; touch /tmp/pwned; echo '$(id)";

  private static Step step(StepType type, Map<String, String> with) {
    return new Step("s", type, new StepArguments(with, Map.of()), Duration.ofMinutes(1), 0, OnFailure.COMPENSATE);
  }

  @Test
  void aValueInAMigrationCommandIsOneQuotedWord() throws Exception {
    Step migrate = step(StepType.MIGRATE, Map.of("command", "/opt/migrate --db ${params.database}"));

    String bound = migrate.with().bind(Map.of("database", HOSTILE), migrate.shellArguments()).required("command");

    assertThat(bound).isEqualTo("/opt/migrate --db 'orders'\\''; touch /tmp/pwned; echo '\\''$(id)'");
    // what a real shell makes of it: the value, whole, as one argument
    Process sh = new ProcessBuilder("sh", "-c", bound.replace("/opt/migrate --db", "printf %s")).start();
    assertThat(new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(HOSTILE);
  }

  @Test
  void onlyTheCommandProvidersCommandsAreShell() {
    Step services = step(StepType.STOP_SERVICES, Map.of("provider", "command", "stop", "svc stop ${params.app}"));
    Step http = step(StepType.STOP_SERVICES, Map.of("provider", "http", "stop", "http://h/${params.app}"));
    Step check = step(StepType.HEALTH_CHECK, Map.of("http", "http://h/${params.app}"));

    assertThat(services.with().bind(Map.of("app", "a b"), services.shellArguments()).required("stop"))
        .isEqualTo("svc stop 'a b'");
    assertThat(http.shellArguments()).isEmpty();
    assertThat(check.with().bind(Map.of("app", "a"), check.shellArguments()).required("http")).isEqualTo("http://h/a");
    assertThat(List.of(StepArguments.shellQuoted("it's"))).containsExactly("'it'\\''s'");
  }
}
