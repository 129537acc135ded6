package io.lifeboat.activities.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.activities.process.CommandOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Validates one configuration file: by the first configured command whose glob matches, else by
 * its type — YAML ({@code .yaml}, {@code .yml}), JSON, {@code .properties}, env files
 * ({@code .env}, {@code .env.*}, {@code *.env}). Problems name the line (1-based) and say what is
 * wrong, never what the file holds.
 */
public final class ConfigFileValidator {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
  private static final long COMMAND_TIMEOUT_SECONDS = 60;

  /** A validation command for the files matching a glob (see {@code ConfigTargetConfig.Validator}). */
  public record Command(String glob, List<String> command) {}

  /** Why a file is invalid; {@code line} 0 when unknown. */
  public record Problem(int line, String message) {}

  /** What a file was checked with ({@code null}: nothing applies) and what was wrong. */
  public record Outcome(String check, Optional<Problem> problem) {}

  private final List<Command> commands;
  private final List<PathMatcher> nameMatchers = new ArrayList<>();
  private final List<Boolean> byPath = new ArrayList<>();

  public ConfigFileValidator(List<Command> commands) {
    this.commands = List.copyOf(commands);
    for (Command c : commands) {
      nameMatchers.add(FileSystems.getDefault().getPathMatcher("glob:" + c.glob()));
      byPath.add(c.glob().contains("/"));
    }
  }

  /**
   * @param file the file on disk
   * @param relative its path relative to its root, which globs with '/' match
   */
  public Outcome validate(Path file, Path relative) {
    for (int i = 0; i < commands.size(); i++) {
      Path subject = byPath.get(i) ? relative : relative.getFileName();
      if (nameMatchers.get(i).matches(subject)) {
        return new Outcome("command", runCommand(commands.get(i).command(), file));
      }
    }
    String name = file.getFileName().toString();
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    try {
      if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
        return new Outcome("yaml", yaml(file));
      }
      if (lower.endsWith(".json")) {
        return new Outcome("json", json(file));
      }
      if (lower.endsWith(".properties")) {
        return new Outcome("properties", properties(file));
      }
      if (lower.equals(".env") || lower.startsWith(".env.") || lower.endsWith(".env")) {
        return new Outcome("env", env(file));
      }
    } catch (CharacterCodingException e) {
      return new Outcome("encoding", Optional.of(new Problem(0, "is not valid UTF-8")));
    } catch (IOException e) {
      return new Outcome("io", Optional.of(new Problem(0, "could not be read: " + e.getMessage())));
    }
    return new Outcome(null, Optional.empty());
  }

  static Optional<Problem> yaml(Path file) throws IOException {
    try (Reader in = reader(file)) {
      for (Object ignored : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in)) {
        // parse every document
      }
      return Optional.empty();
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String what = (e.getContext() == null ? "" : e.getContext() + ", ")
          + (e.getProblem() == null ? "invalid YAML" : e.getProblem());
      return Optional.of(new Problem(mark == null ? 0 : mark.getLine() + 1,
          "invalid YAML: " + what + (mark == null ? "" : " (column " + (mark.getColumn() + 1) + ")")));
    } catch (YAMLException e) {
      if (e.getCause() instanceof CharacterCodingException c) {
        throw c;
      }
      return Optional.of(new Problem(0, "invalid YAML: " + e.getMessage()));
    }
  }

  static Optional<Problem> json(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      JSON.readTree(in);
      return Optional.empty();
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      return Optional.of(new Problem(at == null ? 0 : at.getLineNr(),
          "invalid JSON: " + e.getOriginalMessage() + (at == null ? "" : " (column " + at.getColumnNr() + ")")));
    }
  }

  /**
   * {@link Properties#load} with the line of a malformed {@code \\uXXXX} escape, which Properties
   * itself reports without one.
   */
  static Optional<Problem> properties(Path file) throws IOException {
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String trimmed = line.stripLeading();
      if (trimmed.startsWith("#") || trimmed.startsWith("!")) {
        continue;
      }
      for (int c = 0; c < line.length(); c++) {
        if (line.charAt(c) != '\\' || c + 1 >= line.length()) {
          continue;
        }
        if (line.charAt(c + 1) == 'u') {
          String hex = line.substring(c + 2, Math.min(line.length(), c + 6));
          if (hex.length() < 4 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            return Optional.of(new Problem(i + 1, "malformed \\uXXXX unicode escape (column " + (c + 1) + ")"));
          }
        }
        c++; // the escaped character
      }
    }
    try (Reader in = reader(file)) {
      new Properties().load(in);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(new Problem(0, "invalid properties: " + e.getMessage()));
    }
  }

  /** KEY=VALUE lines (optionally {@code export KEY=VALUE}), comments and blank lines; quotes balanced. */
  static Optional<Problem> env(Path file) throws IOException {
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).stripLeading();
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        return Optional.of(new Problem(i + 1, "not a KEY=VALUE line"));
      }
      String key = line.substring(0, eq).strip();
      if (!ENV_KEY.matcher(key).matches()) {
        return Optional.of(new Problem(i + 1, "'" + key + "' is not a valid variable name"));
      }
      String value = line.substring(eq + 1).strip();
      Optional<String> quoteProblem = quotes(value);
      if (quoteProblem.isPresent()) {
        return Optional.of(new Problem(i + 1, "the value of " + key + " " + quoteProblem.get()));
      }
    }
    return Optional.empty();
  }

  /** A value is either quoted whole ('...' or "..." then an optional comment) or holds no quotes. */
  private static Optional<String> quotes(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    char first = value.charAt(0);
    if (first == '"' || first == '\'') {
      for (int c = 1; c < value.length(); c++) {
        char ch = value.charAt(c);
        if (ch == '\\' && first == '"') {
          c++;
        } else if (ch == first) {
          String rest = value.substring(c + 1).strip();
          return rest.isEmpty() || rest.startsWith("#") ? Optional.empty()
              : Optional.of("has text after its closing quote");
        }
      }
      return Optional.of("has an unbalanced " + (first == '"' ? "double" : "single") + " quote");
    }
    int hash = value.indexOf(" #");
    String bare = hash < 0 ? value : value.substring(0, hash);
    if (bare.indexOf('"') >= 0 || bare.indexOf('\'') >= 0) {
      long doubles = bare.chars().filter(ch -> ch == '"').count();
      long singles = bare.chars().filter(ch -> ch == '\'').count();
      if (doubles % 2 != 0 || singles % 2 != 0) {
        return Optional.of("has an unbalanced quote");
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> runCommand(List<String> command, Path file) {
    List<String> args = new ArrayList<>();
    boolean placed = false;
    for (String arg : command) {
      if (arg.contains("{file}")) {
        placed = true;
        args.add(arg.replace("{file}", file.toString()));
      } else {
        args.add(arg);
      }
    }
    if (!placed) {
      args.add(file.toString());
    }
    try {
      Optional<CommandOutput> ran = CommandOutput.run(args, Duration.ofSeconds(COMMAND_TIMEOUT_SECONDS));
      if (ran.isEmpty()) {
        return Optional.of(new Problem(0, "validation command " + command.get(0) + " did not finish within "
            + COMMAND_TIMEOUT_SECONDS + " s"));
      }
      if (ran.get().succeeded()) {
        return Optional.empty();
      }
      String said = ran.get().output().replace(file.toString(), "<file>");
      if (said.length() > 300) {
        said = said.substring(0, 300) + "...";
      }
      return Optional.of(new Problem(0, "validation command " + command.get(0) + " exited with "
          + ran.get().exitCode() + (said.isEmpty() ? "" : ": " + said)));
    } catch (IOException e) {
      return Optional.of(new Problem(0, "validation command " + command.get(0) + " could not run: " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while validating", e);
    }
  }

  private static Reader reader(Path file) throws IOException {
    return new java.io.InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  private static List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }
}
