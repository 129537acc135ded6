package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path.Node;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns Jackson, Bean Validation and substitution failures into one-line descriptions naming
 * the YAML key (as written in the file, e.g. {@code targets.orders.rpo}) and what it expects.
 */
final class ConfigProblems {
  // Beyond this many edits a "did you mean" guesses more than it helps.
  private static final int MAX_SUGGESTION_DISTANCE = 3;

  private ConfigProblems() {}

  static List<String> describe(Collection<? extends ConstraintViolation<?>> violations) {
    return violations.stream()
        .map(ConfigProblems::describe)
        .sorted()
        .distinct()
        .toList();
  }

  private static String describe(ConstraintViolation<?> violation) {
    List<Node> nodes = new ArrayList<>();
    violation.getPropertyPath().forEach(nodes::add);
    // A @ValidationMethod's "property" is the method (isCredentialsComplete): the problem
    // belongs to the object that holds it, which the method's node keeps the map key or list
    // index of (targets[shop].sqlHookOnPostgres is about targets.shop).
    if (violation.getConstraintDescriptor().getAnnotation() instanceof ValidationMethod) {
      Node method = nodes.remove(nodes.size() - 1);
      String key = keyOf(nodes);
      if (method.getIndex() != null) {
        key += "[" + method.getIndex() + "]";
      } else if (method.getKey() != null) {
        key += (key.isEmpty() ? "" : ".") + method.getKey();
      }
      return (key.isEmpty() ? "the file" : code(key)) + " " + violation.getMessage();
    }
    String key = keyOf(nodes);
    return (key.isEmpty() ? "the file" : code(key)) + " " + violation.getMessage();
  }

  static String describe(JsonMappingException e) {
    String key = keyOfReferences(e.getPath());
    if (e instanceof UnrecognizedPropertyException unknown) {
      return unknownKey(key, unknown);
    }
    if (e instanceof InvalidTypeIdException typeId) {
      return unknownType(key, typeId);
    }
    if (e instanceof InvalidFormatException format) {
      return code(key) + " is " + code(String.valueOf(format.getValue())) + "; expected "
          + expected(format.getTargetType());
    }
    if (e instanceof ValueInstantiationException instantiation) {
      String reason = instantiation.getCause() == null ? "" : instantiation.getCause().getMessage();
      return code(key) + " is not valid (" + oneLine(reason) + "); expected "
          + expected(instantiation.getType().getRawClass());
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return code(key) + " has the wrong form; expected " + expected(mismatch.getTargetType());
    }
    return code(key) + " is not valid: " + oneLine(e.getOriginalMessage());
  }

  static String describeSyntax(JsonProcessingException e) {
    // SnakeYAML's own message draws the offending lines with carets: useless on one line.
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      String context =
          yaml.getContext() == null || yaml.getContextMark() == null
              ? ""
              : " (" + yaml.getContext() + " that starts on line " + (yaml.getContextMark().getLine() + 1) + ")";
      return "it is not valid YAML at line " + (yaml.getProblemMark().getLine() + 1) + ", column "
          + (yaml.getProblemMark().getColumn() + 1) + ": " + oneLine(yaml.getProblem()) + context;
    }
    JsonLocation location = e.getLocation();
    String where =
        location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    return "it is not valid YAML" + where + ": " + oneLine(e.getOriginalMessage());
  }

  static String undefinedVariable(Path file, String variable) {
    String where = lineContaining(file, "${" + variable).map(line -> " on line " + line).orElse("");
    return "the environment variable " + variable + " used" + where
        + " is not set and has no default; set it, or write ${" + variable + ":-default}";
  }

  static String ioProblem(Path file, IOException e) {
    if (Files.notExists(file)) {
      return "it does not exist";
    }
    return oneLine(Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
  }

  private static String unknownKey(String key, UnrecognizedPropertyException e) {
    List<String> known =
        e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
    String description = code(key) + " is not a known key; expected one of: " + String.join(", ", known);
    LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
    return known.stream()
        .min(Comparator.comparingInt(candidate -> distance.apply(candidate, e.getPropertyName())))
        .filter(best -> distance.apply(best, e.getPropertyName()) <= MAX_SUGGESTION_DISTANCE)
        .map(best -> description + " (did you mean " + code(best) + "?)")
        .orElse(description);
  }

  private static String unknownType(String key, InvalidTypeIdException e) {
    Class<?> base = e.getBaseType().getRawClass();
    JsonTypeInfo typeInfo = base.getAnnotation(JsonTypeInfo.class);
    JsonSubTypes subTypes = base.getAnnotation(JsonSubTypes.class);
    String property = typeInfo == null ? "type" : typeInfo.property();
    String expected =
        subTypes == null
            ? "a known " + property
            : "one of: " + String.join(", ", Arrays.stream(subTypes.value()).map(JsonSubTypes.Type::name).toList());
    String at = code(key.isEmpty() ? property : key + "." + property);
    if (e.getTypeId() == null) {
      return at + " is missing; expected " + expected;
    }
    return at + " is " + code(e.getTypeId()) + ", which is not known; expected " + expected;
  }

  private static String expected(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == Duration.class) {
      return "a duration such as \"15 minutes\" or \"4h\"";
    }
    if (type == DataSize.class) {
      return "a size such as \"16 MiB\"";
    }
    if (type == URI.class) {
      return "a URI such as \"https://s3.example.com\"";
    }
    if (Path.class.isAssignableFrom(type)) {
      return "a file path";
    }
    if (type == String.class) {
      return "a text value";
    }
    if (Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping of keys to values";
    }
    if (type.isEnum()) {
      return "one of: " + String.join(", ", Arrays.stream(type.getEnumConstants()).map(Object::toString).toList());
    }
    return "a " + type.getSimpleName();
  }

  /** Bean Validation path as YAML keys; container nodes ({@code <map key>}) carry no name. */
  private static String keyOf(List<Node> nodes) {
    StringBuilder key = new StringBuilder();
    for (Node node : nodes) {
      if (node.getIndex() != null) {
        key.append('[').append(node.getIndex()).append(']');
      } else if (node.getKey() != null) {
        appendName(key, node.getKey().toString());
      }
      if (node.getName() != null && !node.getName().startsWith("<")) {
        appendName(key, node.getName());
      }
    }
    return key.toString();
  }

  private static String keyOfReferences(List<JsonMappingException.Reference> path) {
    StringBuilder key = new StringBuilder();
    for (JsonMappingException.Reference reference : path) {
      if (reference.getFieldName() == null) {
        key.append('[').append(reference.getIndex()).append(']');
      } else {
        appendName(key, reference.getFieldName());
      }
    }
    return key.toString();
  }

  private static void appendName(StringBuilder key, String name) {
    if (key.length() > 0) {
      key.append('.');
    }
    key.append(name);
  }

  private static Optional<Integer> lineContaining(Path file, String text) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(text)) {
          return Optional.of(i + 1);
        }
      }
    } catch (IOException e) {
      // Only the line number is lost; the variable name still says what to fix.
    }
    return Optional.empty();
  }

  private static String code(String key) {
    return "'" + key + "'";
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }
}
