package io.lifeboat.runbooks;

import static io.lifeboat.runbooks.ArgumentRule.Kind.DURATION;
import static io.lifeboat.runbooks.ArgumentRule.Kind.LIST;
import static io.lifeboat.runbooks.ArgumentRule.Kind.NUMBER;
import static io.lifeboat.runbooks.ArgumentRule.Kind.TEXT;
import static io.lifeboat.runbooks.ArgumentRule.optional;
import static io.lifeboat.runbooks.ArgumentRule.required;

import io.lifeboat.workflows.runbook.RunbookDurations;
import io.lifeboat.workflows.runbook.StepArguments;
import io.lifeboat.workflows.runbook.StepType;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The {@code with:} arguments each step type takes, and the checks that span several of them
 * (a provider's own settings, one-of choices). Documented for operators in runbooks/SCHEMA.md.
 */
final class StepArgumentRules {
  static final Set<String> SERVICE_PROVIDERS = Set.of("systemd", "command", "http", "kubernetes");
  static final Set<String> TRAFFIC_PROVIDERS = Set.of("haproxy", "webhook", "route53");

  private static final String BACKUP = "latest, a backup id, or 'before <ISO-8601 time>'";
  private static final String SCHEMA = "one tenant: a schema of the PostgreSQL target's database";
  /** A schema name as written in SQL without quotes. */
  private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
  private static final List<ArgumentRule> SERVICES = List.of(
      required("provider", TEXT, "systemd, command, http or kubernetes"),
      required("services", LIST, "the services to control, e.g. [app.service] or [namespace/deployment]"),
      optional("start", TEXT, "command: a shell command, http: a URL; {service} stands for the service"),
      optional("stop", TEXT, "command: a shell command, http: a URL; {service} stands for the service"),
      optional("status", TEXT, "command: exits 0 when running, http: answers 2xx when running"));

  private static final Map<StepType, List<ArgumentRule>> RULES = Map.ofEntries(
      Map.entry(StepType.STOP_SERVICES, SERVICES),
      Map.entry(StepType.START_SERVICES, SERVICES),
      Map.entry(StepType.SAFETY_BACKUP, List.of(
          required("target", TEXT, "the Lifeboat target to back up"),
          optional("schema", TEXT, SCHEMA),
          optional("reason", TEXT, "free text kept with the backup"))),
      Map.entry(StepType.FETCH, List.of(
          required("target", TEXT, "the Lifeboat target whose backup to find"),
          optional("schema", TEXT, SCHEMA),
          optional("backup", TEXT, BACKUP))),
      Map.entry(StepType.CHECKSUM, List.of(
          required("target", TEXT, "the target whose fetched backup to verify"),
          optional("schema", TEXT, SCHEMA),
          optional("backup", TEXT, BACKUP))),
      Map.entry(StepType.RESTORE, List.of(
          required("target", TEXT, "the Lifeboat target to restore"),
          optional("database", TEXT, "PostgreSQL: the database to replace (with schema: the one the tenant goes into)"),
          optional("schema", TEXT, SCHEMA + ", replaced without touching the others"),
          optional("into", TEXT, "where to restore as the target's kind reads it: a database, a directory"),
          optional("to", TEXT, "a destination declared under destinations: in the configuration (a standby)"),
          optional("backup", TEXT, BACKUP))),
      Map.entry(StepType.MIGRATE, List.of(
          optional("database", TEXT, "a JDBC URL, e.g. jdbc:postgresql://db:5432/app"),
          optional("files", LIST, "SQL files on the worker, run in order"),
          optional("command", TEXT, "a shell command run instead of SQL files"),
          optional("user", TEXT, "the database user"),
          optional("password_env", TEXT, "the worker's environment variable holding the password"))),
      Map.entry(StepType.HEALTH_CHECK, List.of(
          optional("http", TEXT, "a URL answered with expect_status"),
          optional("tcp", TEXT, "host:port accepting connections"),
          optional("sql", TEXT, "a JDBC URL where query returns expect"),
          optional("expect_status", NUMBER, "an HTTP status such as 200"),
          optional("expect_body", TEXT, "text the HTTP body must contain"),
          optional("query", TEXT, "a SQL query returning one value"),
          optional("expect", TEXT, "the value the query must return"),
          optional("user", TEXT, "the database user"),
          optional("password_env", TEXT, "the worker's environment variable holding the password"),
          optional("within", DURATION, "how long to keep trying, shorter than the step timeout (default 1m)"),
          optional("every", DURATION, "the pause between tries (default 2s)"))),
      Map.entry(StepType.REDIRECT_TRAFFIC, List.of(
          required("provider", TEXT, "haproxy, webhook or route53"),
          optional("socket", TEXT, "haproxy: the admin socket path or host:port"),
          optional("url", TEXT, "webhook: the URL receiving the switch"),
          optional("backend", TEXT, "haproxy: the backend holding both servers"),
          optional("zone", TEXT, "route53: the hosted zone id"),
          optional("record", TEXT, "route53: the DNS name of both record sets"),
          required("from", TEXT, "the server taking traffic now (route53: its record's set identifier)"),
          required("to", TEXT, "the server to take traffic (route53: its record's set identifier)"))),
      Map.entry(StepType.APPROVE, List.of(
          optional("message", TEXT, "what the approver is asked"),
          optional("approvers", LIST, "the only principals who may approve"),
          optional("approvals", NUMBER, "how many different people must approve, never the starter (default 1)"))),
      Map.entry(StepType.WAIT, List.of(required("duration", DURATION, "how long to wait, e.g. 2m"))),
      Map.entry(StepType.NOTIFY, List.of(
          required("message", TEXT, "what to say"),
          optional("url", TEXT, "a webhook URL receiving the message as JSON"))));

  static List<ArgumentRule> rules(StepType type) {
    return RULES.get(type);
  }

  static Optional<ArgumentRule> rule(StepType type, String key) {
    return RULES.get(type).stream().filter(rule -> rule.key().equals(key)).findFirst();
  }

  /**
   * Checks across arguments, after each argument was checked on its own.
   *
   * @param positions where each argument was written; {@code at} where the step's arguments start
   */
  static void check(
      StepType type, StepArguments with, Map<String, Node> positions, Node at, Duration timeout, ProblemList problems) {
    Reporter report = new Reporter(positions, at, problems);
    switch (type) {
      case STOP_SERVICES, START_SERVICES -> checkServices(type, with, report);
      case SAFETY_BACKUP -> checkSchema(with, report);
      case FETCH, CHECKSUM -> {
        with.value("backup").ifPresent(backup -> checkBackup(backup, report));
        checkSchema(with, report);
      }
      case RESTORE -> {
        with.value("backup").ifPresent(backup -> checkBackup(backup, report));
        checkSchema(with, report);
        checkRestoreDestination(with, report);
      }
      case MIGRATE -> checkMigration(with, report);
      case HEALTH_CHECK -> checkHealth(with, timeout, report);
      case REDIRECT_TRAFFIC -> checkTraffic(with, report);
      case APPROVE -> checkApprovals(with, report);
      default -> { }
    }
  }

  private static void checkServices(StepType type, StepArguments with, Reporter report) {
    String provider = with.value("provider").orElse("");
    if (!SERVICE_PROVIDERS.contains(provider)) {
      report.at("provider", "unknown service provider '" + provider + "'; expected systemd, command, http or kubernetes");
      return;
    }
    if (provider.equals("systemd") || provider.equals("kubernetes")) {
      return;
    }
    // a stop is undone by a start, so stopping needs to know how to start again
    List<String> needed = type == StepType.STOP_SERVICES ? List.of("stop", "start") : List.of("start");
    for (String key : needed) {
      if (with.value(key).isEmpty()) {
        report.at(null, type.yamlName() + " with provider " + provider + " needs '" + key + "' ("
            + (provider.equals("command") ? "a shell command" : "a URL") + "; {service} stands for the service)"
            + (key.equals("start") && type == StepType.STOP_SERVICES ? ": undoing a stop starts the services again" : ""));
      }
    }
  }

  private static void checkBackup(String backup, Reporter report) {
    if (backup.startsWith("before ") && StepArguments.references(backup).isEmpty()) {
      String time = backup.substring("before ".length()).trim();
      try {
        Instant.parse(time);
      } catch (DateTimeParseException e) {
        report.at("backup", "'" + time + "' is not an ISO-8601 time such as 2026-01-31T03:00:00Z");
      }
    }
  }

  private static void checkSchema(StepArguments with, Reporter report) {
    with.value("schema").filter(s -> StepArguments.references(s).isEmpty() && !SCHEMA_NAME.matcher(s).matches())
        .ifPresent(s -> report.at("schema", "'" + s + "' is not a schema name; write it as in SQL without quotes,"
            + " e.g. tenant_42 (letters, digits, _ and $, at most 63)"));
  }

  /**
   * Where a restore goes depends on the target's kind: {@code into} (or {@code database}, its
   * PostgreSQL name) names one place; {@code to} names the server or directory it is on.
   */
  private static void checkRestoreDestination(StepArguments with, Reporter report) {
    if (with.value("database").isPresent() && with.value("into").isPresent()) {
      report.at("into", "restore takes database (a PostgreSQL database) or into (a database or a directory, as the"
          + " target's kind reads it), not both");
    }
    with.value("to").filter(to -> StepArguments.references(to).isEmpty() && !DESTINATION_NAME.matcher(to).matches())
        .ifPresent(to -> report.at("to", "'" + to + "' is not a destination name; name one declared under"
            + " destinations: in the configuration (letters, digits, '_', '.' and '-')"));
  }

  private static final Pattern DESTINATION_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

  private static void checkMigration(StepArguments with, Reporter report) {
    boolean files = !with.list("files").isEmpty();
    boolean command = with.value("command").isPresent();
    if (files == command) {
      report.at(null, "migrate needs either 'files' (SQL files, with 'database') or 'command', not "
          + (files ? "both" : "neither"));
    }
    if (files && with.value("database").isEmpty()) {
      report.at("files", "SQL files need 'database': the JDBC URL to run them against");
    }
  }

  private static void checkHealth(StepArguments with, Duration timeout, Reporter report) {
    List<String> kinds = List.of("http", "tcp", "sql").stream().filter(k -> with.value(k).isPresent()).toList();
    if (kinds.size() != 1) {
      report.at(null, "health-check needs exactly one of http (a URL), tcp (host:port) or sql (a JDBC URL)"
          + (kinds.isEmpty() ? "" : ", not " + String.join(" and ", kinds)));
      return;
    }
    if (kinds.get(0).equals("sql") && (with.value("query").isEmpty() || with.value("expect").isEmpty())) {
      report.at("sql", "an sql health-check needs 'query' and 'expect' (the value the query must return)");
    }
    with.value("expect_status").map(Integer::parseInt).filter(s -> s < 100 || s > 599)
        .ifPresent(s -> report.at("expect_status", "expect_status " + s + " is not an HTTP status (100-599)"));
    Duration within = with.value("within").flatMap(RunbookDurations::parse).orElse(Duration.ofMinutes(1));
    if (within.compareTo(timeout) >= 0) {
      report.at("within", "within (" + RunbookDurations.format(within) + ") must be shorter than the step timeout ("
          + RunbookDurations.format(timeout) + ")");
    }
  }

  /** Approvals that no set of approvers could ever give would only ever time out. */
  private static void checkApprovals(StepArguments with, Reporter report) {
    int approvals = with.value("approvals").map(Integer::parseInt).orElse(1);
    List<String> approvers = with.list("approvers");
    if (approvals < 1) {
      report.at("approvals", "approvals 0 would pass the step unapproved; write at least 1 (the default),"
          + " or remove the approve step");
    } else if (!approvers.isEmpty() && approvers.stream().allMatch(a -> StepArguments.references(a).isEmpty())
        && approvers.stream().distinct().count() < approvals) {
      report.at("approvals", "approvals " + approvals + " needs as many different approvers, but approvers names "
          + approvers.stream().distinct().count() + "; name more approvers or lower approvals");
    }
  }

  private static void checkTraffic(StepArguments with, Reporter report) {
    String provider = with.value("provider").orElse("");
    if (!TRAFFIC_PROVIDERS.contains(provider)) {
      report.at("provider", "unknown traffic provider '" + provider + "'; expected haproxy, webhook or route53");
      return;
    }
    List<String> needed = switch (provider) {
      case "haproxy" -> List.of("socket", "backend");
      case "route53" -> List.of("zone", "record");
      default -> List.of("url");
    };
    for (String key : needed) {
      if (with.value(key).isEmpty()) {
        report.at(null, "redirect-traffic with provider " + provider + " needs '" + key + "' ("
            + rule(StepType.REDIRECT_TRAFFIC, key).orElseThrow().expected() + ")");
      }
    }
  }

  /** Reports at the argument concerned when it was written, else where the arguments start. */
  private record Reporter(Map<String, Node> positions, Node at, ProblemList problems) {
    void at(String key, String message) {
      problems.add(key != null && positions.containsKey(key) ? positions.get(key) : at, message);
    }
  }

  private StepArgumentRules() {}
}
