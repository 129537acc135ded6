package io.lifeboat.runbooks;

import io.lifeboat.workflows.drill.DrillEnvironment;
import io.lifeboat.workflows.drill.DrillIsolation;
import io.lifeboat.workflows.runbook.Objectives;
import io.lifeboat.workflows.runbook.OnFailure;
import io.lifeboat.workflows.runbook.Parameter;
import io.lifeboat.workflows.runbook.ParameterType;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.RunbookDurations;
import io.lifeboat.workflows.runbook.Stage;
import io.lifeboat.workflows.runbook.Step;
import io.lifeboat.workflows.runbook.StepArguments;
import io.lifeboat.workflows.runbook.StepType;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Reads a runbook file into a validated {@link Runbook}. It walks SnakeYAML's node tree rather than
 * binding objects so that every problem keeps its line and column, and it goes on after a problem
 * so that one run reports them all.
 */
public final class RunbookParser {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_APPROVAL_TIMEOUT = Duration.ofHours(1);
  /** Transient trouble (a worker lost mid-step) is survived without an operator. */
  public static final int DEFAULT_RETRIES = 2;

  private static final List<String> RUNBOOK_KEYS = List.of("name", "description", "objectives", "parameters", "steps");
  private static final List<String> STEP_KEYS = List.of("name", "type", "with", "timeout", "retries", "on_failure", "drill");
  private static final List<String> GROUP_KEYS = List.of("name", "parallel");
  private static final Pattern RUNBOOK_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern ANY_REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
  private static final String STEP_TYPES =
      Arrays.stream(StepType.values()).map(StepType::yamlName).collect(Collectors.joining(", "));

  private final ProblemList problems = new ProblemList();
  private final Map<String, Node> stepNames = new HashMap<>();
  private List<Parameter> parameters = List.of();

  private RunbookParser() {}

  /**
   * @param fileName shown in problem messages
   * @throws RunbookValidationException with every problem found, in file order
   */
  public static Runbook parse(String fileName, String yaml) throws RunbookValidationException {
    RunbookParser parser = new RunbookParser();
    Runbook runbook = parser.read(yaml);
    if (!parser.problems.isEmpty()) {
      throw new RunbookValidationException(fileName, parser.problems.sorted());
    }
    return runbook;
  }

  /** The line and column of the {@code position}-th code point, for a problem the YAML reader found. */
  private static Mark markAt(String yaml, int position) {
    int end = yaml.offsetByCodePoints(0, Math.min(Math.max(position, 0), yaml.codePointCount(0, yaml.length())));
    int line = 0;
    int lineStart = 0;
    for (int i = 0; i < end; i++) {
      if (yaml.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Mark("", position, line, end - lineStart, new int[0], 0);
  }

  private Runbook read(String yaml) {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
    } catch (MarkedYAMLException malformed) {
      Mark at = malformed.getProblemMark() != null ? malformed.getProblemMark() : malformed.getContextMark();
      String context = malformed.getContext() == null ? "" : " (" + malformed.getContext() + ")";
      problems.add(at, "not valid YAML: " + malformed.getProblem() + context);
      return null;
    } catch (ReaderException unreadable) {
      problems.add(markAt(yaml, unreadable.getPosition()), String.format(Locale.ROOT,
          "not valid YAML: character U+%04X is not allowed in a runbook; remove it or write it as an escape in a quoted string",
          unreadable.getCodePoint()));
      return null;
    } catch (YAMLException refused) {
      problems.add(new Mark("", 0, 0, 0, new int[0], 0),
          "not valid YAML: " + refused.getMessage().lines().findFirst().orElse("unreadable")
              + "; fix the file so that it is plain YAML without deep nesting or many aliases");
      return null;
    }
    if (root == null) {
      problems.add(new Mark("", 0, 0, 0, new int[0], 0), "the file is empty; expected a runbook with " + RUNBOOK_KEYS);
      return null;
    }
    Optional<MappingNode> top = mapping(root, "a runbook: a mapping with " + String.join(", ", RUNBOOK_KEYS));
    if (top.isEmpty()) {
      return null;
    }
    Map<String, Node> keys = keys(top.get(), RUNBOOK_KEYS, "a runbook");
    String name = required(top.get(), keys, "name", "a name of lowercase letters, digits and dashes")
        .flatMap(node -> text(node, "a name of lowercase letters, digits and dashes"))
        .orElse(null);
    if (name != null && !RUNBOOK_NAME.matcher(name).matches()) {
      problems.add(keys.get("name"), "name '" + name + "' must be lowercase letters, digits and dashes");
    }
    String description = required(top.get(), keys, "description", "what the runbook is for")
        .flatMap(node -> text(node, "what the runbook is for"))
        .orElse(null);
    Objectives objectives = required(top.get(), keys, "objectives", "objectives with rto (and optionally rpo)")
        .map(this::objectives)
        .orElse(null);
    parameters = Optional.ofNullable(keys.get("parameters")).map(this::parameters).orElse(List.of());
    List<Stage> stages = required(top.get(), keys, "steps", "a list of steps").map(this::stages).orElse(List.of());
    return new Runbook(name, description, objectives, parameters, stages);
  }

  private Objectives objectives(Node node) {
    Optional<MappingNode> mapping = mapping(node, "objectives with rto (and optionally rpo)");
    if (mapping.isEmpty()) {
      return null;
    }
    Map<String, Node> keys = keys(mapping.get(), List.of("rto", "rpo"), "objectives");
    Duration rto = required(mapping.get(), keys, "rto", "the recovery time objective, e.g. 30m")
        .flatMap(this::duration)
        .orElse(null);
    Duration rpo = Optional.ofNullable(keys.get("rpo")).flatMap(this::duration).orElse(null);
    return new Objectives(rto, rpo);
  }

  /** {@code name: default} or {@code name: {description: ..., default: ...}}. */
  private List<Parameter> parameters(Node node) {
    Optional<MappingNode> mapping = mapping(node, "a mapping of parameter names to their description and default");
    if (mapping.isEmpty()) {
      return List.of();
    }
    List<Parameter> declared = new ArrayList<>();
    Map<String, Node> names = keys(mapping.get(), null, "parameters");
    names.forEach((name, value) -> {
      if (!PARAMETER_NAME.matcher(name).matches()) {
        problems.add(value, "parameter name '" + name + "' must be lowercase letters, digits and underscores");
      }
      if (value instanceof ScalarNode scalar) {
        declared.add(new Parameter(name, "", scalar.getValue().isEmpty() ? null : scalar.getValue()));
        return;
      }
      mapping(value, "a default value, or a mapping with description and default").ifPresent(details -> {
        Map<String, Node> keys = keys(details, List.of("description", "default", "drill", "type"), "parameter " + name);
        String description = Optional.ofNullable(keys.get("description")).flatMap(d -> text(d, "text")).orElse("");
        String defaultValue = Optional.ofNullable(keys.get("default")).flatMap(d -> text(d, "a value")).orElse(null);
        String drill = Optional.ofNullable(keys.get("drill")).flatMap(this::drillValue).orElse(null);
        ParameterType type = Optional.ofNullable(keys.get("type")).flatMap(t -> parameterType(name, t))
            .orElse(ParameterType.TEXT);
        Parameter parameter = new Parameter(name, description, defaultValue, drill, type);
        if (defaultValue != null) {
          parameter.problem(defaultValue).ifPresent(problem -> problems.add(keys.get("default"), "the default of " + problem));
        }
        declared.add(parameter);
      });
    });
    return declared;
  }

  /** A parameter's {@code type:}, one of {@link ParameterType}; an unknown one is a problem, never text. */
  private Optional<ParameterType> parameterType(String parameter, Node node) {
    return text(node, "a parameter type: one of " + ParameterType.names()).flatMap(name -> {
      Optional<ParameterType> type = ParameterType.of(name);
      if (type.isEmpty()) {
        problems.add(node, "parameter " + parameter + " has unknown type '" + name + "'; use one of "
            + ParameterType.names());
      }
      return type;
    });
  }

  private List<Stage> stages(Node node) {
    Optional<SequenceNode> list = sequence(node, "a list of steps");
    if (list.isEmpty()) {
      return List.of();
    }
    if (list.get().getValue().isEmpty()) {
      problems.add(node, "a runbook needs at least one step");
    }
    List<Stage> stages = new ArrayList<>();
    for (Node item : list.get().getValue()) {
      mapping(item, "a step: a mapping with name and type, or with name and parallel").ifPresent(entry -> {
        if (has(entry, "parallel")) {
          group(entry).ifPresent(stages::add);
        } else {
          step(entry).map(Stage::single).ifPresent(stages::add);
        }
      });
    }
    return stages;
  }

  private Optional<Stage> group(MappingNode node) {
    Map<String, Node> keys = keys(node, GROUP_KEYS, "a parallel group (its steps say what to do)");
    Optional<String> name = uniqueName(node, keys, "group");
    List<Step> steps = new ArrayList<>();
    sequence(keys.get("parallel"), "a list of steps to run at the same time").ifPresent(list -> {
      if (list.getValue().size() < 2) {
        problems.add(list, "a parallel group needs at least two steps");
      }
      for (Node item : list.getValue()) {
        mapping(item, "a step: a mapping with name and type").ifPresent(entry -> {
          if (has(entry, "parallel")) {
            problems.add(entry, "parallel groups cannot be nested; list the steps of the inner group here");
          } else {
            step(entry).ifPresent(steps::add);
          }
        });
      }
    });
    return name.map(n -> new Stage(n, true, steps));
  }

  private Optional<Step> step(MappingNode node) {
    Map<String, Node> keys = keys(node, STEP_KEYS, "a step");
    Optional<String> name = uniqueName(node, keys, "step");
    Optional<StepType> type = required(node, keys, "type", "a step type (" + STEP_TYPES + ")")
        .flatMap(typeNode -> text(typeNode, "a step type").flatMap(text -> {
          Optional<StepType> known = StepType.fromYamlName(text);
          if (known.isEmpty()) {
            problems.add(typeNode, "unknown step type '" + text + "'; expected one of: " + STEP_TYPES);
          }
          return known;
        }));
    Duration defaultTimeout = type.filter(t -> t == StepType.APPROVE).isPresent()
        ? DEFAULT_APPROVAL_TIMEOUT : DEFAULT_TIMEOUT;
    Duration timeout = Optional.ofNullable(keys.get("timeout")).flatMap(this::duration).orElse(defaultTimeout);
    int retries = Optional.ofNullable(keys.get("retries")).flatMap(this::retries).orElse(DEFAULT_RETRIES);
    OnFailure onFailure = Optional.ofNullable(keys.get("on_failure")).flatMap(this::onFailure)
        .orElse(OnFailure.COMPENSATE);
    if (type.filter(t -> t == StepType.APPROVE).isPresent() && onFailure != OnFailure.COMPENSATE) {
      // going on (or skipping after a pause) would act without the approval the step asks for
      problems.add(keys.get("on_failure"), "an approve step always compensates when rejected or not approved in"
          + " time; on_failure: " + onFailure.yamlName() + " would go on without the approval: remove on_failure"
          + " or write on_failure: compensate");
    }
    Step.InDrill drill = Optional.ofNullable(keys.get("drill")).flatMap(this::inDrill).orElse(null);
    if (type.isEmpty() || name.isEmpty()) {
      return Optional.empty();
    }
    StepArguments with = arguments(type.get(), Optional.ofNullable(keys.get("with")).orElse(node), timeout);
    return Optional.of(new Step(name.get(), type.get(), with, timeout, retries, onFailure, drill));
  }

  /**
   * @param node the {@code with:} mapping, or the step itself when it has none (where problems
   *     about missing arguments are reported)
   */
  private StepArguments arguments(StepType type, Node node, Duration timeout) {
    Map<String, String> values = new TreeMap<>();
    Map<String, List<String>> lists = new TreeMap<>();
    Map<String, Node> positions = new HashMap<>();
    boolean written = !(node instanceof MappingNode step && has(step, "type"));
    if (written) {
      Optional<MappingNode> mapping = mapping(node, "the step's arguments: a mapping");
      if (mapping.isEmpty()) {
        return StepArguments.none();
      }
      List<String> known = StepArgumentRules.rules(type).stream().map(ArgumentRule::key).toList();
      keys(mapping.get(), known, type.yamlName() + " arguments").forEach((key, value) -> {
        positions.put(key, value);
        ArgumentRule rule = StepArgumentRules.rule(type, key).orElseThrow();
        switch (rule.kind()) {
          case LIST -> values(value, rule).ifPresent(items -> lists.put(key, items));
          case TEXT -> text(value, rule.expected()).filter(t -> references(value, t)).ifPresent(t -> values.put(key, t));
          case DURATION -> duration(value).ifPresent(d -> values.put(key, RunbookDurations.format(d)));
          case NUMBER -> number(value, rule.expected()).ifPresent(n -> values.put(key, n));
        }
      });
    }
    for (ArgumentRule rule : StepArgumentRules.rules(type)) {
      if (rule.required() && !positions.containsKey(rule.key())) {
        problems.add(node, type.yamlName() + " needs argument '" + rule.key() + "' (" + rule.expected() + ")");
      }
    }
    StepArguments arguments = new StepArguments(values, lists);
    StepArgumentRules.check(type, arguments, positions, node, timeout, problems);
    return arguments;
  }

  private Optional<List<String>> values(Node node, ArgumentRule rule) {
    if (node instanceof ScalarNode) {
      return text(node, rule.expected()).filter(t -> references(node, t)).map(List::of);
    }
    return sequence(node, rule.expected()).map(list -> list.getValue().stream()
        .flatMap(item -> text(item, rule.expected()).filter(t -> references(item, t)).stream())
        .toList());
  }

  /** Checks the ${params.x} references in a value; false when one is wrong. */
  private boolean references(Node node, String text) {
    boolean valid = true;
    Matcher reference = ANY_REFERENCE.matcher(text);
    while (reference.find()) {
      String inside = reference.group(1);
      if (!inside.startsWith("params.")) {
        problems.add(node, "'${" + inside + "}' is not a parameter reference; write ${params.NAME}");
        valid = false;
      } else if (parameters.stream().noneMatch(p -> p.name().equals(inside.substring("params.".length())))) {
        problems.add(node, "'${" + inside + "}' refers to an undefined parameter; declared: "
            + (parameters.isEmpty() ? "none" : parameters.stream().map(Parameter::name).collect(Collectors.joining(", "))));
        valid = false;
      }
    }
    return valid;
  }

  private Optional<String> uniqueName(MappingNode node, Map<String, Node> keys, String what) {
    Optional<String> name = required(node, keys, "name", "the " + what + "'s name, unique in the runbook")
        .flatMap(n -> text(n, "the " + what + "'s name"));
    name.ifPresent(n -> {
      Node first = stepNames.putIfAbsent(n, keys.get("name"));
      if (first != null) {
        problems.add(keys.get("name"), "duplicate step name '" + n + "' (first used at line "
            + (first.getStartMark().getLine() + 1) + "); names identify steps in progress and signals");
      }
    });
    return name;
  }

  private Optional<Duration> duration(Node node) {
    return text(node, RunbookDurations.EXPECTED).flatMap(text -> {
      Optional<Duration> parsed = RunbookDurations.parse(text);
      if (parsed.isEmpty()) {
        problems.add(node, "'" + text + "' is not " + RunbookDurations.EXPECTED);
      }
      return parsed;
    });
  }

  private Optional<Integer> retries(Node node) {
    return number(node, "a number of retries from 0 to 100").map(Integer::parseInt).filter(n -> {
      if (n > 100) {
        problems.add(node, "retries " + n + " is more than 100");
      }
      return n <= 100;
    });
  }

  private Optional<String> number(Node node, String expected) {
    return text(node, expected).filter(text -> {
      if (!text.matches("\\d{1,9}")) {
        problems.add(node, "'" + text + "' is not a whole number; expected " + expected);
        return false;
      }
      return true;
    });
  }

  /** A step's {@code drill:}: {@code run} or {@code record}. */
  private Optional<Step.InDrill> inDrill(Node node) {
    String expected = "run (against the drill's scratch places only) or record (say what it would do)";
    return text(node, expected).flatMap(text -> {
      Optional<Step.InDrill> parsed = Arrays.stream(Step.InDrill.values())
          .filter(v -> v.name().toLowerCase(Locale.ROOT).equals(text)).findFirst();
      if (parsed.isEmpty()) {
        problems.add(node, "unknown drill '" + text + "'; expected " + expected);
      }
      return parsed;
    });
  }

  /** A parameter's {@code drill:} value: text whose {@code ${scratch...}} references name scratch places. */
  private Optional<String> drillValue(Node node) {
    return text(node, "the value in a drill, e.g. \"${scratch.postgres.address}\"").filter(text -> {
      List<String> unknown = DrillIsolation.unknownScratchReferences(text);
      if (!unknown.isEmpty()) {
        problems.add(node, "unknown scratch value " + String.join(", ", unknown) + " in drill; known: "
            + String.join(", ", DrillEnvironment.knownValues()));
        return false;
      }
      return true;
    });
  }

  private Optional<OnFailure> onFailure(Node node) {
    String expected = "compensate, pause or continue";
    return text(node, expected).flatMap(text -> {
      Optional<OnFailure> parsed = Arrays.stream(OnFailure.values()).filter(o -> o.yamlName().equals(text)).findFirst();
      if (parsed.isEmpty()) {
        problems.add(node, "unknown on_failure '" + text + "'; expected " + expected);
      }
      return parsed;
    });
  }

  /**
   * The keys of a mapping and their values; reports duplicates, and keys not in {@code allowed}
   * (any key is allowed when it is null).
   */
  private Map<String, Node> keys(MappingNode node, List<String> allowed, String where) {
    Map<String, Node> keys = new LinkedHashMap<>();
    for (NodeTuple tuple : node.getValue()) {
      Optional<String> key = text(tuple.getKeyNode(), "a key");
      if (key.isEmpty()) {
        continue;
      }
      if (allowed != null && !allowed.contains(key.get())) {
        problems.add(tuple.getKeyNode(), "unknown key '" + key.get() + "' in " + where + "; expected one of: "
            + String.join(", ", allowed));
      } else if (keys.containsKey(key.get())) {
        problems.add(tuple.getKeyNode(), "duplicate key '" + key.get() + "' (first at line "
            + (keys.get(key.get()).getStartMark().getLine() + 1) + ")");
      } else {
        keys.put(key.get(), tuple.getValueNode());
      }
    }
    return keys;
  }

  private Optional<Node> required(MappingNode node, Map<String, Node> keys, String key, String expected) {
    Node value = keys.get(key);
    if (value == null) {
      problems.add(node, "missing '" + key + "': expected " + expected);
    }
    return Optional.ofNullable(value);
  }

  private static boolean has(MappingNode node, String key) {
    return node.getValue().stream()
        .anyMatch(t -> t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key));
  }

  private Optional<String> text(Node node, String expected) {
    if (node instanceof ScalarNode scalar && !scalar.getValue().isEmpty()) {
      return Optional.of(scalar.getValue());
    }
    problems.add(node, "expected " + expected + ", found " + shape(node));
    return Optional.empty();
  }

  private Optional<MappingNode> mapping(Node node, String expected) {
    if (node instanceof MappingNode mapping) {
      return Optional.of(mapping);
    }
    problems.add(node, "expected " + expected + ", found " + shape(node));
    return Optional.empty();
  }

  private Optional<SequenceNode> sequence(Node node, String expected) {
    if (node instanceof SequenceNode sequence) {
      return Optional.of(sequence);
    }
    problems.add(node, "expected " + expected + ", found " + shape(node));
    return Optional.empty();
  }

  private static String shape(Node node) {
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue().isEmpty() ? "nothing" : "'" + scalar.getValue() + "'";
    }
    return node instanceof SequenceNode ? "a list" : "a mapping";
  }
}
