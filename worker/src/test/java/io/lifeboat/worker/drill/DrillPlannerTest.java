package io.lifeboat.worker.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.util.Duration;
import io.lifeboat.config.DatabaseSelection;
import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.FilesTargetConfig;
import io.lifeboat.config.PostgresClusterTargetConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.RedisTargetConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.runbooks.RunbookLibrary;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.drill.DrillPlan;
import io.lifeboat.workflows.drill.DrillRequest;
import io.lifeboat.workflows.runbook.Objectives;
import io.lifeboat.workflows.runbook.Parameter;
import io.lifeboat.workflows.runbook.Step;
import io.lifeboat.workflows.runbook.StepType;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans of runbook drills (the shipped runbooks and an operator's) and of target drills, and every refusal. */
class DrillPlannerTest {
  @TempDir Path runbooks;

  private final Map<String, TargetConfig> targets = new LinkedHashMap<>();
  private final DrillsConfig drills = new DrillsConfig();
  private DrillPlanner planner;

  @BeforeEach
  void configure() {
    targets.put("orders", postgres("orders", null));
    targets.put("accounts", postgres("accounts", null));
    targets.put("site", postgres(null, DatabaseSelection.of(List.of("shop", "billing"))));
    targets.put("everything", postgres(null, DatabaseSelection.everyDatabase()));
    RedisTargetConfig cache = objectives(new RedisTargetConfig());
    targets.put("cache", cache);
    targets.put("sessions", objectives(new RedisTargetConfig()));
    FilesTargetConfig uploads = objectives(new FilesTargetConfig());
    uploads.setPaths(List.of("/srv/uploads"));
    targets.put("uploads", uploads);
    targets.put("main-cluster", objectives(new PostgresClusterTargetConfig()));
    planner = new DrillPlanner(targets, drills, RunbookLibrary.withFolder(runbooks));
  }

  @Test
  void aShippedRunbookIsPlannedWithTheKindOfEveryTargetItsParallelRestoresName() {
    DrillPlan plan = planner.plan(runbook("full-system-restore", Map.of()));

    assertThat(plan.subject()).isEqualTo("full-system-restore");
    assertThat(plan.ofTarget()).isFalse();
    assertThat(plan.runbook().name()).isEqualTo("full-system-restore");
    assertThat(plan.targetKinds()).containsExactly(Map.entry("orders", "postgres"), Map.entry("accounts", "postgres"),
        Map.entry("uploads", "files"), Map.entry("sessions", "redis"));
    assertThat(plan.parameters()).containsEntry("backup", "latest").containsEntry("standby", "standby");
    assertThat(plan.waitForApprovals()).isFalse();
  }

  @Test
  void aRestoredTargetNamedByAParameterIsBoundWithTheDrillsParameters() throws Exception {
    Files.writeString(runbooks.resolve("cache-restore.yaml"), """
        name: cache-restore
        description: restore the cache
        objectives:
          rto: 10m
        parameters:
          which:
            description: the target
        steps:
          - name: restore it
            type: restore
            with:
              target: ${params.which}
        """);

    DrillPlan plan = planner.plan(runbook("cache-restore", Map.of("which", "cache")));

    assertThat(plan.targetKinds()).containsExactly(Map.entry("cache", "redis"));
    assertThat(plan.parameters()).containsExactly(Map.entry("which", "cache"));
  }

  @Test
  void approvalsWaitWhenTheRequestSaysSoElseAsTheConfigurationSays() {
    assertThat(planner.plan(request(null, "orders", Map.of(), true)).waitForApprovals()).isTrue();
    drills.setApprovals(DrillsConfig.Approvals.WAIT);
    assertThat(planner.plan(request(null, "orders", Map.of(), null)).waitForApprovals()).isTrue();
    assertThat(planner.plan(request(null, "orders", Map.of(), false)).waitForApprovals()).isFalse();
  }

  @Test
  void aPostgresTargetOfOneDatabaseIsDrilledByFetchChecksumRestoreOfThatDatabaseAndASqlCheckInScratch() {
    DrillPlan plan = planner.plan(target("orders"));

    assertThat(plan.subject()).isEqualTo("orders");
    assertThat(plan.ofTarget()).isTrue();
    assertThat(plan.targetKinds()).containsExactly(Map.entry("orders", "postgres"));
    assertThat(plan.parameters()).containsEntry("backup", "latest").containsEntry("scratch_db", "none");
    assertThat(plan.runbook().name()).isEqualTo("orders");
    assertThat(plan.runbook().objectives()).isEqualTo(new Objectives(java.time.Duration.ofMinutes(30),
        java.time.Duration.ofHours(1)));
    assertThat(plan.runbook().parameter("scratch_db")).get().extracting(Parameter::drill)
        .isEqualTo("${scratch.postgres.address}");
    assertThat(plan.runbook().parameter("scratch_db_user")).get().extracting(Parameter::drill)
        .isEqualTo("${scratch.postgres.user}");
    List<Step> steps = plan.runbook().steps();
    assertThat(steps).extracting(Step::type).containsExactly(StepType.FETCH, StepType.CHECKSUM, StepType.RESTORE,
        StepType.HEALTH_CHECK);
    assertThat(steps.get(0).with().values()).containsExactly(Map.entry("backup", "${params.backup}"),
        Map.entry("target", "orders"));
    assertThat(steps.get(2).with().values()).containsExactly(Map.entry("database", "orders"),
        Map.entry("target", "orders"));
    assertThat(steps.get(3).with().bind(Map.of("scratch_db", "127.0.0.1:5433", "scratch_db_user", "postgres"))
        .values()).containsEntry("sql", "jdbc:postgresql://127.0.0.1:5433/orders").containsEntry("query", "select 1")
        .containsEntry("expect", "1").containsEntry("user", "postgres");
    assertThat(steps).allSatisfy(step -> assertThat(step.timeout()).isPositive());
  }

  @Test
  void aPostgresTargetOfSeveralDatabasesRestoresThemAllAndChecksOne() {
    Step listed = planner.plan(target("site")).runbook().steps().get(2);
    assertThat(listed.with().values()).containsExactly(Map.entry("target", "site"));
    Step check = planner.plan(target("site")).runbook().steps().get(3);
    assertThat(check.with().values()).containsEntry("sql", "jdbc:postgresql://${params.scratch_db}/shop");

    Step all = planner.plan(target("everything")).runbook().steps().get(2);
    assertThat(all.with().values()).doesNotContainKey("database");
  }

  @Test
  void aRedisTargetIsCheckedOverTcpAndAFileSetByTheRestoresOwnHashes() {
    DrillPlan cache = planner.plan(request(null, "cache", Map.of("backup", "b-42"), null));
    assertThat(cache.parameters()).containsEntry("backup", "b-42").containsEntry("scratch_redis", "none");
    assertThat(cache.runbook().parameter("scratch_redis")).get().extracting(Parameter::drill)
        .isEqualTo("${scratch.redis.address}");
    assertThat(cache.runbook().steps()).last().satisfies(check -> {
      assertThat(check.type()).isEqualTo(StepType.HEALTH_CHECK);
      assertThat(check.with().values()).containsEntry("tcp", "${params.scratch_redis}");
    });

    DrillPlan uploads = planner.plan(target("uploads"));
    assertThat(uploads.targetKinds()).containsExactly(Map.entry("uploads", "files"));
    assertThat(uploads.runbook().steps()).extracting(Step::type)
        .containsExactly(StepType.FETCH, StepType.CHECKSUM, StepType.RESTORE);
  }

  @Test
  void bothOrNeitherOfRunbookAndTargetIsRefused() {
    refused(request("postgres-restore", "orders", Map.of(), null))
        .hasMessageContaining("exactly one runbook or one target, not both");
    refused(request(null, " ", Map.of(), null)).hasMessageContaining("and none was named")
        .hasMessageContaining("accounts, cache, everything, main-cluster, orders, sessions, site, uploads");
  }

  @Test
  void anUnknownRunbookIsRefusedListingTheKnownOnes() {
    refused(runbook("fulll-system-restore", Map.of()))
        .hasMessageContaining("no runbook 'fulll-system-restore' to drill; known runbooks: full-system-restore,"
            + " kubernetes-cluster-restore, postgres-restore");
  }

  @Test
  void aRunbookThatDoesNotValidateIsRefusedWithItsProblem() throws Exception {
    Files.writeString(runbooks.resolve("broken.yaml"), "name: broken\nsteps: []\n");
    refused(runbook("broken", Map.of())).hasMessageContaining("runbook broken does not validate, so it cannot be"
        + " drilled: broken.yaml:1:1: missing 'description'").hasMessageContaining("; fix the file and drill again");
  }

  @Test
  void missingAndUnknownParametersAreRefused() {
    refused(runbook("postgres-restore", Map.of("target", "orders", "colour", "blue")))
        .hasMessageContaining("unknown parameter 'colour'").hasMessageContaining("missing required parameter 'database'");
    refused(request(null, "orders", Map.of("colour", "blue"), null))
        .hasMessageContaining("drill of orders: unknown parameter 'colour'");
  }

  @Test
  void aRestoreOfAnUnconfiguredTargetIsRefusedNamingTheStep() {
    refused(runbook("postgres-restore", postgresRestore("ordres")))
        .hasMessageContaining("runbook postgres-restore step 'restore database' restores target 'ordres', which is"
            + " not configured");
  }

  @Test
  void anUnknownTargetIsRefusedListingTheConfiguredOnes() {
    refused(target("ordres")).hasMessageContaining("no target 'ordres' to drill; configured targets: accounts,");
  }

  @Test
  void clusterTargetsAreRefusedWhetherDrilledAloneOrRestoredByARunbook() {
    refused(target("main-cluster"))
        .hasMessageContaining("main-cluster is a postgres-cluster target, and drills of clusters are not supported yet")
        .hasMessageContaining("lifeboat verify");
    refused(runbook("postgres-restore", postgresRestore("main-cluster")))
        .hasMessageContaining("step 'restore database': main-cluster is a postgres-cluster target");
  }

  @Test
  void aRestoreOfATenantSchemaIsRefusedSayingToDrillTheWholeTarget() throws Exception {
    Files.writeString(runbooks.resolve("tenant-restore.yaml"), """
        name: tenant-restore
        description: restore one tenant
        objectives:
          rto: 10m
        steps:
          - name: restore tenant
            type: restore
            with:
              target: orders
              schema: tenant_42
        """);
    refused(runbook("tenant-restore", Map.of()))
        .hasMessageContaining("step 'restore tenant' restores tenant schema tenant_42 of orders: drills of tenant"
            + " schemas are not supported yet; drill the whole target orders instead");
  }

  private AbstractThrowableAssert<?, ? extends Throwable> refused(DrillRequest request) {
    return assertThatThrownBy(() -> planner.plan(request)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
      assertThat(f.getType()).isEqualTo(FailureTypes.BAD_REQUEST);
      assertThat(f.isNonRetryable()).isTrue();
      assertThat(f.getOriginalMessage()).doesNotContain("\n");
    });
  }

  private static Map<String, String> postgresRestore(String target) {
    return Map.of("target", target, "database", "orders", "app_service", "orders.service",
        "health_url", "http://localhost:8080/health", "jdbc_url", "jdbc:postgresql://db/orders");
  }

  private static DrillRequest runbook(String name, Map<String, String> parameters) {
    return request(name, null, parameters, null);
  }

  private static DrillRequest target(String name) {
    return request(null, name, Map.of(), null);
  }

  private static DrillRequest request(String runbook, String target, Map<String, String> parameters, Boolean wait) {
    return new DrillRequest(runbook, target, parameters, "alice", "quarterly drill", false, wait);
  }

  private static PostgresTargetConfig postgres(String database, DatabaseSelection databases) {
    PostgresTargetConfig target = objectives(new PostgresTargetConfig());
    target.setHost("db.internal");
    target.setUser("lifeboat");
    target.setDatabase(database);
    target.setDatabases(databases);
    return target;
  }

  private static <T extends TargetConfig> T objectives(T target) {
    target.setRto(Duration.minutes(30));
    target.setRpo(Duration.hours(1));
    return target;
  }
}
