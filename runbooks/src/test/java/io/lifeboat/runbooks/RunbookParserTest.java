package io.lifeboat.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import io.lifeboat.workflows.runbook.OnFailure;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.Step;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunbookParserTest {
  private static final String HEADER = """
      name: tiny
      description: a runbook for tests
      objectives:
        rto: 15m
      parameters:
        target:
          description: the target
      steps:
      """;

  private static List<Problem> problems(String yaml) {
    return catchThrowableOfType(RunbookValidationException.class, () -> RunbookParser.parse("tiny.yaml", yaml))
        .problems();
  }

  @Test
  void readsStepsWithDefaults() throws Exception {
    Runbook runbook = RunbookParser.parse("tiny.yaml", HEADER + """
          - name: wait a bit
            type: wait
            with:
              duration: 90s
        """);

    Step step = runbook.steps().get(0);
    assertThat(step.timeout()).isEqualTo(RunbookParser.DEFAULT_TIMEOUT);
    assertThat(step.retries()).isEqualTo(RunbookParser.DEFAULT_RETRIES);
    assertThat(step.onFailure()).isEqualTo(OnFailure.COMPENSATE);
    assertThat(step.with().values()).containsEntry("duration", "1m30s");
  }

  @Test
  void parametersAndStepsSayWhatTheyAreInADrill() throws Exception {
    Runbook runbook = RunbookParser.parse("tiny.yaml", HEADER.replace("parameters:\n", """
        parameters:
          standby_db:
            description: the standby server
            default: standby-db:5432
            drill: "${scratch.postgres.address}"
        """) + """
          - name: app answers
            type: health-check
            drill: record
            with: { http: "http://app:8080/health" }
        """);

    assertThat(runbook.parameter("standby_db").orElseThrow().drill()).isEqualTo("${scratch.postgres.address}");
    assertThat(runbook.steps().get(0).drill()).isEqualTo(Step.InDrill.RECORD);
  }

  @Test
  void anUnknownScratchPlaceOrDrillModeIsRefused() {
    assertThat(problems(HEADER.replace("parameters:\n", """
        parameters:
          standby_db:
            default: standby-db:5432
            drill: "${scratch.mysql.address}"
        """) + """
          - name: app answers
            type: health-check
            drill: skip
            with: { http: "http://app:8080/health" }
        """)).extracting(Problem::line, Problem::message).containsExactly(
        tuple(8, "unknown scratch value ${scratch.mysql.address} in drill; known: scratch.postgres,"
            + " scratch.postgres.address, scratch.postgres.host, scratch.postgres.port, scratch.postgres.user,"
            + " scratch.postgres.directory, scratch.redis, scratch.redis.address, scratch.redis.host,"
            + " scratch.redis.port, scratch.redis.directory, scratch.files, scratch.files.directory, scratch.config,"
            + " scratch.config.directory"),
        tuple(14, "unknown drill 'skip'; expected run (against the drill's scratch places only) or record (say what"
            + " it would do)"));
  }

  @Test
  void malformedYamlIsReportedWhereItBreaks() {
    List<Problem> problems = problems(HEADER + """
          - name: stop
            type: stop-services
            with: { provider: systemd, services: [app
        """);

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).line()).isEqualTo(12);
    assertThat(problems.get(0).message()).startsWith("not valid YAML");
  }

  @Test
  void unknownStepTypeListsTheKnownOnes() {
    List<Problem> problems = problems(HEADER + """
          - name: stop
            type: stop-service
        """);

    assertThat(problems).containsExactly(new Problem(10, 11,
        "unknown step type 'stop-service'; expected one of: stop-services, start-services, safety-backup, fetch,"
            + " checksum, restore, migrate, health-check, redirect-traffic, approve, wait, notify"));
  }

  @Test
  void missingArgumentsNameWhatIsExpected() {
    List<Problem> problems = problems(HEADER + """
          - name: restore
            type: fetch
            with:
              backup: latest
        """);

    assertThat(problems).containsExactly(new Problem(12, 7,
        "fetch needs argument 'target' (the Lifeboat target whose backup to find)"));
  }

  @Test
  void aRestoreNamesOneDestinationAndSchemasAreNamesAsInSql() {
    List<Problem> problems = problems(HEADER + """
          - name: restore
            type: restore
            with:
              target: saas
              database: saas
              into: saas_dr
              to: "dr:5432"
          - name: fetch
            type: fetch
            with:
              target: saas
              schema: "tenant a; drop"
        """);

    assertThat(problems).containsExactly(
        new Problem(14, 13, "restore takes database (a PostgreSQL database) or into (a database or a directory, as"
            + " the target's kind reads it), not both"),
        new Problem(15, 11, "'dr:5432' is not a destination name; name one declared under destinations: in the"
            + " configuration (letters, digits, '_', '.' and '-')"),
        new Problem(20, 15, "'tenant a; drop' is not a schema name; write it as in SQL without quotes, e.g."
            + " tenant_42 (letters, digits, _ and $, at most 63)"));
  }

  @Test
  void eachTrafficProviderNamesTheArgumentsItNeeds() {
    List<Problem> problems = problems(HEADER + """
          - name: dns
            type: redirect-traffic
            with:
              provider: route53
              record: db.shop.example.
              from: primary
              to: recovered
          - name: lb
            type: redirect-traffic
            with:
              provider: nginx
              from: a
              to: b
        """);

    assertThat(problems).containsExactly(
        new Problem(12, 7, "redirect-traffic with provider route53 needs 'zone' (route53: the hosted zone id)"),
        new Problem(19, 17, "unknown traffic provider 'nginx'; expected haproxy, webhook or route53"));
  }

  @Test
  void everyProblemIsReportedInOnePass() {
    List<Problem> problems = problems("""
        name: Tiny Runbook
        description: a runbook for tests
        objectives:
          rto: soon
        steps:
          - name: stop
            type: stop-services
            timeout: 5 minutes
            retry: 3
            on_failure: panic
            with:
              provider: command
              services: [app]
              colour: blue
          - name: stop
            type: notify
            with:
              message: hello ${params.who} from ${run.id}
        """);

    assertThat(problems).extracting(Problem::line, Problem::message).containsExactly(
        tuple(1, "name 'Tiny Runbook' must be lowercase letters, digits and dashes"),
        tuple(4, "'soon' is not a duration such as 30s, 5m, 1h30m or 1d"),
        tuple(8, "'5 minutes' is not a duration such as 30s, 5m, 1h30m or 1d"),
        tuple(9,
            "unknown key 'retry' in a step; expected one of: name, type, with, timeout, retries, on_failure, drill"),
        tuple(10, "unknown on_failure 'panic'; expected compensate, pause or continue"),
        tuple(12, "stop-services with provider command needs 'stop' (a shell command;"
            + " {service} stands for the service)"),
        tuple(12, "stop-services with provider command needs 'start' (a shell command;"
            + " {service} stands for the service): undoing a stop starts the services again"),
        tuple(14, "unknown key 'colour' in stop-services arguments; expected one of:"
            + " provider, services, start, stop, status"),
        tuple(15, "duplicate step name 'stop' (first used at line 6); names identify"
            + " steps in progress and signals"),
        tuple(18, "'${params.who}' refers to an undefined parameter; declared: none"),
        tuple(18, "'${run.id}' is not a parameter reference; write ${params.NAME}"));
  }

  @Test
  void parallelGroupsNeedTwoStepsAndCannotNest() {
    List<Problem> problems = problems(HEADER + """
          - name: together
            parallel:
              - name: inner
                parallel: []
        """);

    assertThat(problems).extracting(Problem::message).containsExactly(
        "a parallel group needs at least two steps",
        "parallel groups cannot be nested; list the steps of the inner group here");
  }

  @Test
  void healthCheckNeedsOneKindAndAWindowInsideItsTimeout() {
    List<Problem> problems = problems(HEADER + """
          - name: check
            type: health-check
            timeout: 1m
            with:
              sql: jdbc:postgresql://db/app
              within: 5m
        """);

    assertThat(problems).extracting(Problem::message).containsExactly(
        "an sql health-check needs 'query' and 'expect' (the value the query must return)",
        "within (5m) must be shorter than the step timeout (1m)");
  }

  @Test
  void structureErrorsSayWhatWasFound() {
    assertThat(problems("steps: 3")).extracting(Problem::message).containsExactly(
        "missing 'name': expected a name of lowercase letters, digits and dashes",
        "missing 'description': expected what the runbook is for",
        "missing 'objectives': expected objectives with rto (and optionally rpo)",
        "expected a list of steps, found '3'");
    assertThat(problems("")).extracting(Problem::message)
        .containsExactly("the file is empty; expected a runbook with [name, description, objectives, parameters, steps]");
  }

  @Test
  void parametersBindWithDefaultsAndRefuseUnknownOrMissingOnes() throws Exception {
    Runbook runbook = RunbookParser.parse("tiny.yaml", HEADER.replace("parameters:\n", """
        parameters:
          backup: latest
          incident_at:
            default: now
        """) + """
          - name: find
            type: fetch
            with:
              target: ${params.target}
              backup: ${params.backup}
        """);

    assertThat(runbook.parameterValues(Map.of("target", "orders")))
        .containsExactlyInAnyOrderEntriesOf(Map.of("target", "orders", "backup", "latest", "incident_at", "now"));
    assertThatThrownBy(() -> runbook.parameterValues(Map.of("colour", "blue", "incident_at", "yesterday")))
        .hasMessageContaining("unknown parameter 'colour'")
        .hasMessageContaining("missing required parameter 'target'")
        .hasMessageContaining("incident_at must be 'now' or an ISO-8601 instant");
    assertThat(runbook.objectives().rto()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void anApproveStepAlwaysCompensates() {
    assertThat(problems(HEADER + """
          - name: go ahead
            type: approve
            on_failure: continue
          - name: or pause
            type: approve
            on_failure: pause
          - name: fine
            type: approve
            on_failure: compensate
        """)).extracting(Problem::line, Problem::message).containsExactly(
        tuple(11, "an approve step always compensates when rejected or not approved in time; on_failure: continue"
            + " would go on without the approval: remove on_failure or write on_failure: compensate"),
        tuple(14, "an approve step always compensates when rejected or not approved in time; on_failure: pause"
            + " would go on without the approval: remove on_failure or write on_failure: compensate"));
  }

  @Test
  void anApproveStepMayNeedSeveralApprovers() throws Exception {
    Runbook runbook = RunbookParser.parse("tiny.yaml", HEADER + """
          - name: two people
            type: approve
            with: { approvals: 2, approvers: [bob, carol, dave] }
        """);

    assertThat(runbook.steps().get(0).with().value("approvals")).contains("2");
    assertThat(runbook.steps().get(0).onFailure()).isEqualTo(OnFailure.COMPENSATE);
  }

  @Test
  void approvalsThatCouldNeverBeGivenAreRefused() {
    assertThat(problems(HEADER + """
          - name: nobody
            type: approve
            with: { approvals: 0 }
          - name: too few approvers
            type: approve
            with: { approvals: 3, approvers: [bob, carol, bob] }
          - name: not a number
            type: approve
            with: { approvals: two }
        """)).extracting(Problem::line, Problem::message).containsExactly(
        tuple(11, "approvals 0 would pass the step unapproved; write at least 1 (the default), or remove the approve"
            + " step"),
        tuple(14, "approvals 3 needs as many different approvers, but approvers names 2; name more approvers or lower"
            + " approvals"),
        tuple(17, "'two' is not a whole number; expected how many different people must approve, never the starter"
            + " (default 1)"));
  }
}
