package io.lifeboat.workflows.drill;

import io.lifeboat.workflows.runbook.Parameter;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.Step;
import io.lifeboat.workflows.runbook.Step.InDrill;
import io.lifeboat.workflows.runbook.StepArguments;
import io.lifeboat.workflows.runbook.StepType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guard of a drill, an allowlist: a drilled step may write only to the scratch places the drill
 * created. Steps that act on production services (stop and start services, move traffic, notify,
 * take a safety backup) are recorded, not done; restores go to the scratch place of their target's
 * kind; health checks and migrations may reach only a scratch address. Anything else is refused,
 * before the drill creates anything and again before the step runs. Pure code: the drill workflow
 * and the runbook interpreter both call it.
 */
public final class DrillIsolation {
  private static final Pattern SCRATCH = Pattern.compile("\\$\\{(scratch\\.[a-z.]+)}");

  /** The scratch references of a parameter's {@code drill:} text that name nothing known. */
  public static List<String> unknownScratchReferences(String text) {
    List<String> unknown = new ArrayList<>();
    Matcher matcher = SCRATCH.matcher(text);
    while (matcher.find()) {
      if (!DrillEnvironment.knownValues().contains(matcher.group(1))) {
        unknown.add("${" + matcher.group(1) + "}");
      }
    }
    return unknown;
  }

  /**
   * The parameter values of a drill: every parameter with a {@code drill:} mapping gets the scratch
   * value it names; {@code incident_at} is the drill's start.
   *
   * @throws IllegalArgumentException when a mapping names a scratch place the drill does not have
   */
  public static Map<String, String> parameters(Runbook runbook, Map<String, String> values, DrillEnvironment env) {
    Map<String, String> drilled = new TreeMap<>(values);
    Map<String, String> scratch = env.values();
    for (Parameter parameter : runbook.parameters()) {
      if (parameter.drill() == null) {
        continue;
      }
      Matcher matcher = SCRATCH.matcher(parameter.drill());
      StringBuilder value = new StringBuilder();
      while (matcher.find()) {
        String replacement = scratch.get(matcher.group(1));
        if (replacement == null) {
          throw new IllegalArgumentException("parameter '" + parameter.name() + "' maps to ${" + matcher.group(1)
              + "}, but this drill restores nothing of that kind; remove the mapping or restore such a target");
        }
        matcher.appendReplacement(value, Matcher.quoteReplacement(replacement));
      }
      matcher.appendTail(value);
      drilled.put(parameter.name(), value.toString());
    }
    // a mapping may name other parameters too ("jdbc:postgresql://${scratch.postgres.address}/${params.database}")
    for (Parameter parameter : runbook.parameters()) {
      if (parameter.drill() != null) {
        drilled.put(parameter.name(), StepArguments.substitute(drilled.get(parameter.name()), values));
      }
    }
    if (drilled.containsKey(Parameter.INCIDENT_AT)) {
      drilled.put(Parameter.INCIDENT_AT, "now");
    }
    return drilled;
  }

  /**
   * Every step of the runbook that cannot be isolated, one line each naming the step and what to
   * change; empty when the drill may run.
   *
   * @param targetKinds the kind of every target a restore step names
   */
  public static List<String> problems(
      Runbook runbook, Map<String, String> drillParameters, Map<String, String> targetKinds, DrillEnvironment env) {
    List<String> problems = new ArrayList<>();
    Map<String, String> scratchPlaces = new TreeMap<>();
    for (Step step : runbook.steps()) {
      StepArguments with;
      try {
        with = step.with().bind(drillParameters);
      } catch (IllegalArgumentException unbound) {
        problems.add("step '" + step.name() + "': " + unbound.getMessage());
        continue;
      }
      String kind = step.type() == StepType.RESTORE ? targetKinds.get(with.value("target").orElse("")) : null;
      Optional<String> refused = refusal(step, with, kind, env);
      refused.ifPresent(problems::add);
      if (refused.isEmpty() && kind != null && effective(step) == InDrill.RUN) {
        // two restores into one scratch place would overwrite each other and prove nothing
        String place = kind + (kind.equals("postgres") ? " database " + with.value("into").or(() -> with.value("database"))
            .orElse(with.required("target")) : kind.equals("redis") ? " server" : " " + with.required("target"));
        String first = scratchPlaces.putIfAbsent(place, step.name());
        if (first != null) {
          problems.add("step '" + step.name() + "' restores into the same scratch " + place + " as step '" + first
              + "'; a drill has one scratch place of each kind: restore into another database, or mark one step"
              + " 'drill: record'");
        }
      }
    }
    return problems;
  }

  /** What a step does in a drill: its own {@code drill:}, else recorded when it acts on production. */
  public static InDrill effective(Step step) {
    if (step.drill() != null) {
      return step.drill();
    }
    return switch (step.type()) {
      case STOP_SERVICES, START_SERVICES, REDIRECT_TRAFFIC, NOTIFY, SAFETY_BACKUP -> InDrill.RECORD;
      default -> InDrill.RUN;
    };
  }

  /**
   * Why the step may not run in this drill, or empty. {@code targetKind} is the kind of a restore
   * step's target (null for other steps).
   */
  public static Optional<String> refusal(Step step, StepArguments with, String targetKind, DrillEnvironment env) {
    if (effective(step) == InDrill.RECORD) {
      return Optional.empty();
    }
    String name = "step '" + step.name() + "'";
    return switch (step.type()) {
      case STOP_SERVICES, START_SERVICES, REDIRECT_TRAFFIC, NOTIFY, SAFETY_BACKUP -> Optional.of(name + " ("
          + step.type().yamlName() + ") would act on production and cannot run in a drill; remove its 'drill: run'"
          + " (a drill records what it would do)");
      case FETCH, CHECKSUM, WAIT, APPROVE -> Optional.empty();
      case RESTORE -> restoreRefusal(name, with, targetKind, env);
      case MIGRATE -> with.value("command").isPresent()
          ? Optional.of(name + " runs a migration command, which a drill cannot keep away from production; give"
              + " it database + files on a parameter mapped to ${scratch.postgres.address}, or mark it 'drill: record'")
          : addressRefusal(name, "jdbc", with.value("database").orElse(""), env);
      case HEALTH_CHECK -> with.value("http").map(url -> addressRefusal(name, "http", url, env))
          .or(() -> with.value("tcp").map(address -> addressRefusal(name, "tcp", address, env)))
          .orElseGet(() -> addressRefusal(name, "jdbc", with.value("sql").orElse(""), env));
    };
  }

  private static Optional<String> restoreRefusal(String name, StepArguments with, String kind, DrillEnvironment env) {
    if (with.value("schema").isPresent()) {
      return Optional.of(name + " restores one tenant schema, which drills do not rehearse yet; drill the target's"
          + " whole database, or mark the step 'drill: record'");
    }
    if (kind == null) {
      return Optional.of(name + " restores target '" + with.value("target").orElse("") + "', which is not"
          + " configured; declare it under 'targets:' or fix the step");
    }
    if (env.place(kind).isEmpty()) {
      return Optional.of(name + " restores a " + kind + " target, for which a drill has no scratch place (it has"
          + " postgres, redis, files and config); mark the step 'drill: record'");
    }
    return Optional.empty();
  }

  /**
   * The arguments a step runs with in the drill: a restore goes to the scratch place of its
   * target's kind (for files and configuration, into the scratch directory); a migration or SQL
   * check connects as the scratch server's user.
   */
  public static StepArguments isolate(Step step, StepArguments with, String targetKind, DrillEnvironment env) {
    Map<String, String> values = new TreeMap<>(with.values());
    if (step.type() == StepType.RESTORE) {
      ScratchPlace place = env.place(targetKind).orElseThrow();
      values.put("to", place.destination());
      if (!targetKind.equals("postgres")) {
        values.remove("into");
      }
    }
    if (step.type() == StepType.MIGRATE || step.type() == StepType.HEALTH_CHECK && with.value("sql").isPresent()) {
      env.place("postgres").ifPresent(place -> {
        values.put("user", place.user());
        values.remove("password_env");
      });
    }
    return new StepArguments(values, with.lists());
  }

  /** What a recorded step would have done in a real recovery, for the run's progress and the report. */
  public static String wouldDo(Step step, StepArguments with) {
    String what = switch (step.type()) {
      case STOP_SERVICES -> "stop " + String.join(", ", with.list("services")) + " (" + with.value("provider").orElse("")
          + ")";
      case START_SERVICES -> "start " + String.join(", ", with.list("services")) + " (" + with.value("provider")
          .orElse("") + ")";
      case REDIRECT_TRAFFIC -> "switch " + with.value("backend").or(() -> with.value("record")).map(b -> b + " ")
          .orElse("traffic ") + "from " + with.value("from").orElse("?") + " to " + with.value("to").orElse("?")
          + " (" + with.value("provider").orElse("") + with.value("socket").or(() -> with.value("url"))
          .or(() -> with.value("zone")).map(e -> " " + e).orElse("") + ")";
      case NOTIFY -> "notify: " + with.value("message").orElse("");
      case SAFETY_BACKUP -> "take a safety backup of " + with.value("target").orElse("?") + " (not needed: the drill"
          + " restores only into scratch it created)";
      case HEALTH_CHECK -> "check " + with.value("http").or(() -> with.value("tcp")).or(() -> with.value("sql"))
          .orElse("?");
      case MIGRATE -> "migrate " + with.value("database").or(() -> with.value("command")).orElse("?");
      case RESTORE -> "restore " + with.value("target").orElse("?");
      case FETCH, CHECKSUM -> step.type().yamlName() + " " + with.value("target").orElse("?");
      case APPROVE -> "ask for approval" + with.value("message").map(m -> ": " + m).orElse("");
      case WAIT -> "wait " + with.value("duration").orElse("");
    };
    return "drill: would " + what;
  }

  /** Refused unless {@code location} (a URL, host:port or JDBC URL) is a scratch place of this drill. */
  private static Optional<String> addressRefusal(String name, String scheme, String location, DrillEnvironment env) {
    Optional<String> address = address(scheme, location);
    if (address.isEmpty()) {
      return Optional.of(name + " reaches '" + location + "', and a drill cannot tell which server that is; give"
          + " one host:port and no connection options (the drill connects as the scratch server's user) on a"
          + " parameter mapped to a scratch place, or mark the step 'drill: record'");
    }
    boolean scratch = env.places().stream().anyMatch(p -> p.host() != null && p.address().equals(address.get()));
    if (scratch) {
      return Optional.empty();
    }
    return Optional.of(name + " would reach " + address.get() + ", which this drill did not create; map the"
        + " parameter that names it to a scratch place (drill: \"${scratch.postgres.address}\" or"
        + " \"${scratch.redis.address}\"), or mark the step 'drill: record'");
  }

  /** {@code scheme://host[:port]rest}: the parts a drill needs of a URL, parsed by hand (no I/O classes here). */
  private static final Pattern URL = Pattern.compile("([a-z][a-z0-9+.-]*)://([^/?#]*)(.*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9._-]+)(?::([0-9]{1,5}))?");

  /**
   * {@code host:port} of a URL, {@code host:port} or JDBC URL; empty when it cannot be told: userinfo,
   * several hosts, or (JDBC) connection options, which would win over the URL's host.
   */
  static Optional<String> address(String scheme, String location) {
    if (scheme.equals("tcp")) {
      Matcher tcp = HOST_PORT.matcher(location);
      return tcp.matches() && tcp.group(2) != null ? Optional.of(location) : Optional.empty();
    }
    Matcher url = URL.matcher(scheme.equals("jdbc") ? location.replaceFirst("^jdbc:", "") : location);
    if (!url.matches()) {
      return Optional.empty();
    }
    Matcher authority = HOST_PORT.matcher(url.group(2));
    if (!authority.matches() || scheme.equals("jdbc") && url.group(3).contains("?")) {
      return Optional.empty();
    }
    String port = authority.group(2) != null ? authority.group(2)
        : switch (url.group(1).toLowerCase(java.util.Locale.ROOT)) {
          case "postgresql" -> "5432";
          case "https" -> "443";
          case "http" -> "80";
          default -> null;
        };
    return port == null ? Optional.empty() : Optional.of(authority.group(1) + ":" + port);
  }

  private DrillIsolation() {}
}
