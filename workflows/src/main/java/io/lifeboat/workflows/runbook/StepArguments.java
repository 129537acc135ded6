package io.lifeboat.workflows.runbook;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code with:} arguments of a step, as written: single values and lists of values. They may
 * hold {@code ${params.name}} references, replaced by {@link #bind} when the step runs. The
 * parser has already checked which keys each step type requires, so readers may rely on them.
 */
public record StepArguments(Map<String, String> values, Map<String, List<String>> lists) {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{params\\.([A-Za-z0-9_-]+)}");

  public static StepArguments none() {
    return new StepArguments(Map.of(), Map.of());
  }

  public Optional<String> value(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public String required(String key) {
    return value(key).orElseThrow(() -> new IllegalArgumentException("missing argument " + key));
  }

  public List<String> list(String key) {
    return lists.getOrDefault(key, List.of());
  }

  /** The arguments with every parameter reference replaced by its value. */
  public StepArguments bind(Map<String, String> parameters) {
    return bind(parameters, Set.of());
  }

  /**
   * As {@link #bind(Map)}, each value put into a {@code shellKeys} argument (a shell command)
   * single-quoted: a parameter's value is one word for the shell, never a second command.
   */
  public StepArguments bind(Map<String, String> parameters, Set<String> shellKeys) {
    Map<String, String> boundValues = new TreeMap<>();
    values.forEach((key, value) -> boundValues.put(key, shellKeys.contains(key)
        ? substitute(value, parameters, StepArguments::shellQuoted) : substitute(value, parameters)));
    Map<String, List<String>> boundLists = new TreeMap<>();
    lists.forEach((key, items) -> boundLists.put(key, items.stream().map(i -> substitute(i, parameters)).toList()));
    return new StepArguments(boundValues, boundLists);
  }

  /** Names of the parameters a text refers to, in order of appearance. */
  public static List<String> references(String text) {
    return REFERENCE.matcher(text).results().map(m -> m.group(1)).toList();
  }

  /**
   * {@code text} with every {@code ${params.NAME}} replaced by its value.
   *
   * @throws IllegalArgumentException naming a parameter without a value
   */
  public static String substitute(String text, Map<String, String> parameters) {
    return substitute(text, parameters, UnaryOperator.identity());
  }

  /** {@code value} as one word for {@code sh -c}: single quotes, a quote inside written {@code '\''}. */
  public static String shellQuoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static String substitute(String text, Map<String, String> parameters, UnaryOperator<String> quote) {
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder bound = new StringBuilder();
    while (matcher.find()) {
      String value = parameters.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for parameter " + matcher.group(1));
      }
      matcher.appendReplacement(bound, Matcher.quoteReplacement(quote.apply(value)));
    }
    matcher.appendTail(bound);
    return bound.toString();
  }
}
