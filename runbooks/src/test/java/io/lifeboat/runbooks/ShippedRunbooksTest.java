package io.lifeboat.runbooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.workflows.runbook.OnFailure;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.Stage;
import io.lifeboat.workflows.runbook.Step;
import io.lifeboat.workflows.runbook.StepType;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShippedRunbooksTest {
  private static Runbook shipped(String name) throws Exception {
    Path file = Path.of(name + ".yaml");
    return RunbookParser.parse(file.toString(), Files.readString(file));
  }

  @Test
  void postgresRestoreValidatesAndReadsInTheDocumentedOrder() throws Exception {
    Runbook runbook = shipped("postgres-restore");

    assertThat(runbook.name()).isEqualTo("postgres-restore");
    assertThat(runbook.objectives().rto()).isEqualTo(Duration.ofMinutes(30));
    assertThat(runbook.steps()).extracting(Step::type).containsExactly(
        StepType.FETCH, StepType.CHECKSUM, StepType.STOP_SERVICES, StepType.SAFETY_BACKUP, StepType.RESTORE,
        StepType.HEALTH_CHECK, StepType.MIGRATE, StepType.START_SERVICES, StepType.HEALTH_CHECK);
    assertThat(runbook.steps().get(6).onFailure()).isEqualTo(OnFailure.PAUSE);
    assertThat(runbook.parameter("backup").orElseThrow().defaultValue()).isEqualTo("latest");
  }

  @Test
  void fullSystemRestoreRestoresAndValidatesInParallel() throws Exception {
    Runbook runbook = shipped("full-system-restore");

    assertThat(runbook.stages()).extracting(Stage::name).containsExactly(
        "approval", "announce", "stop standby services", "restore databases and data", "restore files and sessions",
        "migrate orders", "validate components", "redirect traffic", "start standby services", "service back", "announce recovery");
    assertThat(runbook.stages().get(3).parallel()).isTrue();
    assertThat(runbook.stages().get(3).steps()).extracting(Step::name)
        .containsExactly("restore orders", "restore accounts");
    assertThat(runbook.steps().get(0).timeout()).isEqualTo(Duration.ofHours(4));
  }

  @Test
  void defaultsAndReferencesBindIntoConcreteArguments() throws Exception {
    Runbook runbook = shipped("full-system-restore");
    Map<String, String> values = runbook.parameterValues(Map.of("backup", "before 2026-01-31T02:00:00Z"));

    Step redirect = runbook.steps().stream().filter(s -> s.type() == StepType.REDIRECT_TRAFFIC).findFirst().orElseThrow();
    assertThat(redirect.with().bind(values).values())
        .containsEntry("socket", "/run/haproxy/admin.sock")
        .containsEntry("from", "primary")
        .containsEntry("to", "standby");
    assertThat(runbook.steps().get(3).with().bind(values).required("backup")).isEqualTo("before 2026-01-31T02:00:00Z");
  }

  @Test
  void fullSystemRestoreRestoresOntoTheStandbyDestination() throws Exception {
    Runbook runbook = shipped("full-system-restore");
    Map<String, String> values = runbook.parameterValues(
        Map.of("standby", "dr-eu", "standby_files", "dr-eu-files", "standby_sessions", "dr-eu-cache"));

    assertThat(runbook.parameter("standby").orElseThrow().defaultValue()).isEqualTo("standby");
    assertThat(runbook.steps().stream().filter(s -> s.type() == StepType.RESTORE)
        .map(restore -> restore.with().bind(values)).map(with -> with.required("target") + "@" + with.required("to")))
        .containsExactly("orders@dr-eu", "accounts@dr-eu", "uploads@dr-eu-files", "sessions@dr-eu-cache");
  }

  @Test
  void parsedRunbooksSurviveTheWorkflowInputConverter() throws Exception {
    DataConverter converter = DefaultDataConverter.STANDARD_INSTANCE;
    for (String name : new String[] {"postgres-restore", "full-system-restore"}) {
      Runbook runbook = shipped(name);
      Payload payload = converter.toPayload(runbook).orElseThrow();
      assertThat(converter.fromPayload(payload, Runbook.class, Runbook.class)).isEqualTo(runbook);
    }
  }

  @Test
  void shippedRunbooksTravelInTheJar() {
    assertThat(ShippedRunbooksTest.class.getResource("/runbooks/postgres-restore.yaml")).isNotNull();
    assertThat(ShippedRunbooksTest.class.getResource("/runbooks/full-system-restore.yaml")).isNotNull();
  }
}
