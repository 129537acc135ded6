package io.lifeboat.activities.config;

import io.lifeboat.activities.files.RestoredTreeCheck.RestoredTree;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every regular file of restored configuration trees validated ({@link ConfigFileValidator}); a
 * problem names the file by the path it stands for, and its line, never what it holds.
 *
 * @param validated files that passed, by the check that passed them ("yaml", "command", ...)
 * @param unchecked files no check applies to
 * @param problems "path line N: what is wrong", one per invalid file
 */
record ConfigTreeValidation(int files, Map<String, Integer> validated, int unchecked, List<String> problems) {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigTreeValidation.class);
  private static final int SHOWN = 20;

  static ConfigTreeValidation of(ConfigFileValidator validator, List<RestoredTree> trees) {
    Map<String, Integer> validated = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    int files = 0;
    int unchecked = 0;
    for (RestoredTree tree : trees) {
      for (Path file : regularFiles(tree.onDisk())) {
        files++;
        Path relative = tree.onDisk().relativize(file);
        ConfigFileValidator.Outcome outcome = validator.validate(file,
            relative.toString().isEmpty() ? file.getFileName() : relative);
        if (outcome.check() == null) {
          unchecked++;
        } else if (outcome.problem().isEmpty()) {
          validated.merge(outcome.check(), 1, Integer::sum);
        } else {
          ConfigFileValidator.Problem problem = outcome.problem().get();
          Path name = relative.toString().isEmpty() ? tree.standsFor() : tree.standsFor().resolve(relative);
          problems.add(name + (problem.line() > 0 ? " line " + problem.line() : "") + ": " + problem.message());
        }
      }
    }
    return new ConfigTreeValidation(files, validated, unchecked, List.copyOf(problems));
  }

  /**
   * Fails non-retryable ({@link FailureTypes#INVALID_CONFIGURATION}) when a file is invalid.
   *
   * @param what "configuration backup X of T", for the message
   * @param consequence what the failure means, such as "nothing was restored"
   */
  ConfigTreeValidation requireValid(String what, String consequence) {
    if (problems.isEmpty()) {
      return this;
    }
    // names, lines and what is wrong only: never the content
    problems.forEach(p -> LOG.warn("{}: {}", what, p));
    int shown = Math.min(problems.size(), SHOWN);
    throw ApplicationFailure.newNonRetryableFailure(what + " holds " + problems.size() + " invalid file"
        + (problems.size() == 1 ? "" : "s") + "; " + consequence + ": " + String.join("; ", problems.subList(0, shown))
        + (shown < problems.size() ? "; ..." : ""), FailureTypes.INVALID_CONFIGURATION);
  }

  /** For the step's summary: "5 files validated (json 1, yaml 4), 1 not checked". */
  String summary() {
    List<String> checks = new ArrayList<>();
    validated.forEach((check, count) -> checks.add(check + " " + count));
    int passed = validated.values().stream().mapToInt(Integer::intValue).sum();
    return passed + " files validated" + (checks.isEmpty() ? "" : " (" + String.join(", ", checks) + ")")
        + (unchecked == 0 ? "" : ", " + unchecked + " not checked");
  }

  private static List<Path> regularFiles(Path tree) {
    if (!Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(tree)) {
      return paths.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + tree + ": " + e.getMessage(), e);
    }
  }
}
