package io.lifeboat.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.workflows.runbook.ParameterType;
import io.lifeboat.workflows.runbook.Runbook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Typed runbook parameters: a value that reaches a database name, a host, a path or a URL is
 * checked when a run starts, so it cannot carry a connection string, a shell word or options.
 */
class ParameterTypesTest {
  private static final String TYPED = """
      name: typed
      description: a runbook with typed parameters
      objectives:
        rto: 15m
      parameters:
        target:
          type: identifier
        database:
          type: identifier
        backup:
          type: backup
          default: latest
        health_url:
          type: url
          default: http://localhost:8080/health
        standby_db:
          type: host_port
          default: standby-db:5432
        migrations:
          type: path
          default: /etc/lifeboat/migrations
        within:
          type: duration
          default: 5m
        note:
          default: anything; at all
      steps:
        - name: restore
          type: restore
          with:
            target: ${params.target}
            database: ${params.database}
            backup: ${params.backup}
      """;

  private static List<String> problems(String yaml) {
    return catchThrowableOfType(RunbookValidationException.class, () -> RunbookParser.parse("typed.yaml", yaml))
        .problems().stream().map(Problem::message).toList();
  }

  @Test
  void goodValuesPass() throws Exception {
    Runbook runbook = RunbookParser.parse("typed.yaml", TYPED);

    assertThat(runbook.parameterValues(Map.of("target", "orders", "database", "orders_2026",
        "backup", "before 2026-01-31T03:00:00Z", "health_url", "https://app.internal:8443/health?deep=1",
        "standby_db", "10.0.0.5:5432"))).containsEntry("database", "orders_2026");
    assertThat(runbook.parameterValues(Map.of("target", "orders", "database", "o", "backup", "20261122T031500Z-1a2b3c",
        "standby_db", "[::1]:5432"))).containsEntry("backup", "20261122T031500Z-1a2b3c");
  }

  @Test
  void aDatabaseHoldingAConnectionStringIsRefusedWithOneLineNamingTheParameterAndTheRule() throws Exception {
    Runbook runbook = RunbookParser.parse("typed.yaml", TYPED);

    assertThatThrownBy(() -> runbook.parameterValues(Map.of("target", "orders", "database", "x host=evil")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter 'database' must be identifier (" + ParameterType.IDENTIFIER.rule() + "), not 'x host=evil'");
  }

  @Test
  void everyTypedParameterRefusesWhatItIsNot() throws Exception {
    Runbook runbook = RunbookParser.parse("typed.yaml", TYPED);
    Map<String, String> bad = Map.of("target", "orders;drop", "database", "orders", "backup", "../../other",
        "health_url", "http://app/health $(id)", "standby_db", "standby-db", "migrations", "/etc/../root",
        "within", "forever");

    assertThatThrownBy(() -> runbook.parameterValues(bad))
        .hasMessageContaining("parameter 'target' must be identifier")
        .hasMessageContaining("parameter 'backup' must be backup")
        .hasMessageContaining("parameter 'health_url' must be url")
        .hasMessageContaining("parameter 'standby_db' must be host_port")
        .hasMessageContaining("parameter 'migrations' must be path")
        .hasMessageContaining("parameter 'within' must be duration")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("'database'", "'note'"));
  }

  @Test
  void aJdbcUrlMaySetOnlyHarmlessOptions() {
    assertThat(ParameterType.URL.accepts("jdbc:postgresql://db:5432/app?sslmode=require&ApplicationName=x")).isTrue();
    assertThat(ParameterType.URL.accepts("jdbc:postgresql://db1:5432,db2:5432/app?targetServerType=primary")).isTrue();
    assertThat(ParameterType.URL.accepts("jdbc:postgresql://db/app?socketFactory=org.example.Evil")).isFalse();
    assertThat(ParameterType.URL.accepts("jdbc:postgresql://db/app?loggerFile=/etc/passwd")).isFalse();
    assertThat(ParameterType.URL.accepts("jdbc:postgresql://db host=evil/app")).isFalse();
    assertThat(ParameterType.URL.accepts("http://app/it's")).isFalse();
    assertThat(ParameterType.URL.accepts("not a url")).isFalse();
  }

  @Test
  void hostsAndIdentifiersAreNamesOnly() {
    assertThat(ParameterType.HOSTNAME.accepts("db.internal")).isTrue();
    assertThat(ParameterType.HOSTNAME.accepts("db.internal:5432")).isFalse();
    assertThat(ParameterType.HOSTNAME.accepts("-oProxyCommand=x")).isFalse();
    assertThat(ParameterType.HOST_PORT.accepts("db:70000")).isFalse();
    assertThat(ParameterType.IDENTIFIER.accepts("a".repeat(63))).isTrue();
    assertThat(ParameterType.IDENTIFIER.accepts("a".repeat(64))).isFalse();
    assertThat(ParameterType.IDENTIFIER.accepts("-d")).isFalse();
    assertThat(ParameterType.PATH.accepts("relative/dir")).isFalse();
    assertThat(ParameterType.PATH.accepts("/srv/line\nbreak")).isFalse();
  }

  @Test
  void anUnknownTypeOrADefaultNotOfItsTypeIsRefusedByTheParser() {
    assertThat(problems(TYPED.replace("type: host_port", "type: hostport")))
        .containsExactly("parameter standby_db has unknown type 'hostport'; use one of " + ParameterType.names());
    assertThat(problems(TYPED.replace("default: standby-db:5432", "default: standby-db")))
        .containsExactly("the default of parameter 'standby_db' must be host_port (" + ParameterType.HOST_PORT.rule()
            + "), not 'standby-db'");
  }

  @Test
  void theShippedRunbooksTypeEveryParameterThatNamesSomething() throws Exception {
    for (String name : List.of("postgres-restore", "full-system-restore", "kubernetes-cluster-restore")) {
      Runbook runbook = RunbookParser.parse(name + ".yaml", Files.readString(Path.of(name + ".yaml")));
      runbook.parameters().stream()
          .filter(p -> !List.of("incident_at", "app_service", "haproxy_socket").contains(p.name()))
          .forEach(p -> assertThat(p.type()).as(name + " " + p.name()).isNotEqualTo(ParameterType.TEXT));
    }
  }
}
