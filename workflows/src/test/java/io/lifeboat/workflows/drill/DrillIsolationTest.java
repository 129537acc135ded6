package io.lifeboat.workflows.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.workflows.runbook.Objectives;
import io.lifeboat.workflows.runbook.OnFailure;
import io.lifeboat.workflows.runbook.Parameter;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.Stage;
import io.lifeboat.workflows.runbook.Step;
import io.lifeboat.workflows.runbook.StepArguments;
import io.lifeboat.workflows.runbook.StepType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillIsolationTest {
  private static final DrillEnvironment ENV = new DrillEnvironment("drill-1", "/scratch", List.of(
      new ScratchPlace("postgres", "drill/drill-1/postgres", "127.0.0.1", 41000, "postgres", "/scratch/pg"),
      new ScratchPlace("redis", "drill/drill-1/redis", "127.0.0.1", 41001, null, "/scratch/redis"),
      new ScratchPlace("files", "drill/drill-1/files", null, null, null, "/scratch/files")));

  private static Step step(StepType type, Map<String, String> with) {
    return new Step("s", type, new StepArguments(with, Map.of()), Duration.ofMinutes(1), 0, OnFailure.COMPENSATE);
  }

  private static java.util.Optional<String> refusal(StepType type, Map<String, String> with) {
    Step step = step(type, with);
    return DrillIsolation.refusal(step, step.with(), null, ENV);
  }

  @Test
  void checksMayReachOnlyTheScratchServers() {
    assertThat(refusal(StepType.HEALTH_CHECK, Map.of("tcp", "127.0.0.1:41001"))).isEmpty();
    assertThat(refusal(StepType.HEALTH_CHECK, Map.of("tcp", "localhost:41001")))
        .as("localhost may resolve to ::1, where another server may listen").isPresent();
    assertThat(refusal(StepType.HEALTH_CHECK, Map.of("sql", "jdbc:postgresql://127.0.0.1:41000/orders"))).isEmpty();
    assertThat(refusal(StepType.HEALTH_CHECK, Map.of("tcp", "127.0.0.1:5432")).orElseThrow())
        .contains("would reach 127.0.0.1:5432, which this drill did not create");
    assertThat(refusal(StepType.HEALTH_CHECK, Map.of("http", "http://app.prod/health")).orElseThrow())
        .contains("app.prod:80");
    assertThat(refusal(StepType.HEALTH_CHECK, Map.of("sql", "jdbc:postgresql://127.0.0.1:41000,prod:5432/orders")))
        .get().asString().contains("cannot tell which server");
    assertThat(refusal(StepType.HEALTH_CHECK, Map.of("sql", "jdbc:postgresql://127.0.0.1:41000/orders?PGHOST=prod")))
        .get().asString().contains("cannot tell which server");
    assertThat(refusal(StepType.HEALTH_CHECK, Map.of("sql", "jdbc:postgresql://127.0.0.1:41000/orders?host=prod")))
        .get().asString().contains("no connection options");
    assertThat(refusal(StepType.MIGRATE, Map.of("command", "./migrate.sh")).orElseThrow())
        .contains("migration command");
  }

  @Test
  void twoRestoresIntoOneScratchPlaceAreRefused() {
    Runbook runbook = new Runbook("r", "d", new Objectives(Duration.ofMinutes(5), null), List.of(), List.of(
        Stage.single(step(StepType.RESTORE, Map.of("target", "orders-eu", "database", "orders"))),
        Stage.single(new Step("again", StepType.RESTORE, new StepArguments(Map.of("target", "orders-us",
            "database", "orders"), Map.of()), Duration.ofMinutes(1), 0, OnFailure.COMPENSATE))));
    assertThat(DrillIsolation.problems(runbook, Map.of(), Map.of("orders-eu", "postgres", "orders-us", "postgres"),
        ENV)).containsExactly("step 'again' restores into the same scratch postgres database orders as step 's'; a"
            + " drill has one scratch place of each kind: restore into another database, or mark one step 'drill:"
            + " record'");
  }

  @Test
  void stepsThatActOnProductionAreRecordedAndCannotBeMadeToRun() {
    Step traffic = new Step("switch", StepType.REDIRECT_TRAFFIC, StepArguments.none(), Duration.ofMinutes(1), 0,
        OnFailure.COMPENSATE, Step.InDrill.RUN);
    assertThat(DrillIsolation.effective(step(StepType.STOP_SERVICES, Map.of()))).isEqualTo(Step.InDrill.RECORD);
    assertThat(DrillIsolation.refusal(traffic, traffic.with(), null, ENV).orElseThrow())
        .contains("would act on production and cannot run in a drill");
  }

  @Test
  void aRestoreGoesToTheScratchPlaceOfItsKindWhateverItsToSays() {
    Step restore = step(StepType.RESTORE, Map.of("target", "uploads", "to", "standby-files", "into", "/srv/uploads"));
    StepArguments isolated = DrillIsolation.isolate(restore, restore.with(), "files", ENV);
    assertThat(isolated.values()).containsEntry("to", "drill/drill-1/files").doesNotContainKey("into");
    assertThat(DrillIsolation.refusal(restore, restore.with(), "config", ENV).orElseThrow())
        .contains("no scratch place");
    assertThat(DrillIsolation.refusal(restore, restore.with(), null, ENV).orElseThrow())
        .contains("not configured");
  }

  @Test
  void parametersMappedToScratchPlacesTakeTheirValues() {
    Runbook runbook = new Runbook("r", "d", new Objectives(Duration.ofMinutes(5), null), List.of(
        new Parameter("db", "", "prod:5432", "${scratch.postgres.address}"),
        new Parameter("cache", "", "prod:6379", "${scratch.redis.host}:${scratch.redis.port}"),
        new Parameter("database", "", "orders"),
        new Parameter("url", "", "jdbc:postgresql://prod/orders",
            "jdbc:postgresql://${scratch.postgres.address}/${params.database}"),
        new Parameter(Parameter.INCIDENT_AT, "", "2026-01-01T00:00:00Z")), List.<Stage>of());
    Map<String, String> values = DrillIsolation.parameters(runbook,
        runbook.parameterValues(Map.of()), ENV);
    assertThat(values).containsEntry("db", "127.0.0.1:41000").containsEntry("cache", "127.0.0.1:41001")
        .containsEntry("url", "jdbc:postgresql://127.0.0.1:41000/orders")
        .containsEntry(Parameter.INCIDENT_AT, "now");
    DrillEnvironment noRedis = new DrillEnvironment("drill-1", "/scratch", List.of(ENV.places().get(0)));
    assertThatThrownBy(() -> DrillIsolation.parameters(runbook, runbook.parameterValues(Map.of()), noRedis))
        .hasMessageContaining("parameter 'cache' maps to ${scratch.redis.host}");
    assertThat(DrillIsolation.unknownScratchReferences("${scratch.mysql}x${scratch.redis}"))
        .containsExactly("${scratch.mysql}");
  }
}
