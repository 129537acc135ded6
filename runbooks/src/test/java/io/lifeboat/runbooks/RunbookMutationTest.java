package io.lifeboat.runbooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shipped runbooks mutated a thousand ways in all (keys dropped, duplicated or renamed, values of
 * the wrong type, odd characters, huge values, truncated YAML, unknown step types, bad durations):
 * every mutant either parses or is refused with problems that say on which line, never with any
 * other exception and never by hanging. A fixed seed makes a failure reproducible; the message
 * carries the mutant.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RunbookMutationTest {
  private static final int MUTANTS_PER_RUNBOOK = 500;
  private static final long SEED = 14L;

  private static final List<String> WRONG_VALUES = List.of(
      "[1, 2]", "{a: b}", "~", "null", "true", "-1", "0", "1e309", "99999999999999999999999999",
      "-9223372036854775809", "\"\"", "''", "!!binary aGVsbG8=", "&a x", "*a", "!!set {a}",
      "\"\\u0000\"", "\"\\uFEFF name\"", "\"tab\\there\"", "rm -rf /; echo", "x:y:z", "@oops", "`x`",
      "\"\\uD800\"", "日本語", "'quote", "\"quote", "[unclosed", "{unclosed", "| \n", "> \n");
  private static final List<String> BAD_DURATIONS = List.of(
      "30 lightyears", "-5m", "0s", "99999999999999h", "5", "m", "1h30", "PT5M", "5mm", "1e3s", "",
      "9223372036854775807s", "½h");
  private static final List<String> BAD_STEP_TYPES = List.of(
      "frobnicate", "Restore", "RESTORE", "restore ", "", "[restore]", "approve\u0000", "shell; rm");

  private final List<BiFunction<String, Random, String>> mutations = List.of(
      RunbookMutationTest::dropLine,
      RunbookMutationTest::duplicateLine,
      RunbookMutationTest::renameKey,
      RunbookMutationTest::wrongValue,
      RunbookMutationTest::oddCharacter,
      RunbookMutationTest::hugeValue,
      RunbookMutationTest::truncate,
      RunbookMutationTest::unknownStepType,
      RunbookMutationTest::badDuration,
      RunbookMutationTest::reindent);

  @Test
  void everyMutantOfAShippedRunbookParsesOrIsRefusedWithLines() throws Exception {
    Random random = new Random(SEED);
    int refused = 0;
    List<String> shipped = List.of("postgres-restore.yaml", "full-system-restore.yaml", "kubernetes-cluster-restore.yaml");
    for (String name : shipped) {
      String original = Files.readString(Path.of(name));
      for (int i = 0; i < MUTANTS_PER_RUNBOOK; i++) {
        String mutant = original;
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds; r++) {
          mutant = mutations.get(random.nextInt(mutations.size())).apply(mutant, random);
        }
        refused += parsedOrRefusedWithLines(name, mutant) ? 0 : 1;
      }
    }
    // the mutator must actually break things, or this test proves nothing
    assertThat(refused).isGreaterThan(MUTANTS_PER_RUNBOOK);
    assertThat(shipped.size() * MUTANTS_PER_RUNBOOK - refused).as("mutants that still parse").isPositive();
  }

  @Test
  void unparseableAndDegenerateFilesAreRefusedWithALine() {
    for (String yaml : List.of("", " ", "\u0000", "---\n---\n", "name: [", "{", "- a\n- b", "!!python/object:os.system x",
        "a: &a [*a, *a]", "\uFEFF", "name: x\n\tsteps: []", "a: " + "[".repeat(10_000))) {
      assertThat(parsedOrRefusedWithLines("degenerate.yaml", yaml)).as("%s parsed", yaml).isFalse();
    }
  }

  /** True when the mutant parsed; false when refused properly; fails the test otherwise. */
  private static boolean parsedOrRefusedWithLines(String name, String mutant) {
    try {
      RunbookParser.parse(name, mutant);
      return true;
    } catch (RunbookValidationException refused) {
      assertThat(refused.problems()).as("problems for mutant:\n%s", mutant).isNotEmpty();
      assertThat(refused.problems()).as("problems for mutant:\n%s", mutant)
          .allSatisfy(problem -> {
            assertThat(problem.line()).isPositive();
            assertThat(problem.message()).isNotBlank().doesNotContain("\n", "\r").hasSizeLessThan(2_000);
          });
      return false;
    } catch (Throwable unexpected) {
      fail("RunbookParser threw " + unexpected + " for mutant:\n" + mutant, unexpected);
      return false;
    }
  }

  private static List<String> lines(String yaml) {
    return new ArrayList<>(List.of(yaml.split("\n", -1)));
  }

  private static int contentLine(List<String> lines, Random random) {
    for (int tries = 0; tries < 50; tries++) {
      int i = random.nextInt(lines.size());
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        return i;
      }
    }
    return random.nextInt(lines.size());
  }

  private static String dropLine(String yaml, Random random) {
    List<String> lines = lines(yaml);
    lines.remove(contentLine(lines, random));
    return String.join("\n", lines);
  }

  private static String duplicateLine(String yaml, Random random) {
    List<String> lines = lines(yaml);
    int i = contentLine(lines, random);
    lines.add(i, lines.get(i));
    return String.join("\n", lines);
  }

  private static String renameKey(String yaml, Random random) {
    List<String> lines = lines(yaml);
    int i = contentLine(lines, random);
    lines.set(i, lines.get(i).replaceFirst("([A-Za-z_-]+):", random.nextBoolean() ? "$1x:" : "X$1:"));
    return String.join("\n", lines);
  }

  private static String replaceValue(String yaml, Random random, String value) {
    List<String> lines = lines(yaml);
    int i = contentLine(lines, random);
    String line = lines.get(i);
    int colon = line.indexOf(": ");
    lines.set(i, colon < 0 ? line + " " + value : line.substring(0, colon + 2) + value);
    return String.join("\n", lines);
  }

  private static String wrongValue(String yaml, Random random) {
    return replaceValue(yaml, random, WRONG_VALUES.get(random.nextInt(WRONG_VALUES.size())));
  }

  private static String hugeValue(String yaml, Random random) {
    String huge = random.nextBoolean() ? "x".repeat(20_000) : "9".repeat(5_000);
    return replaceValue(yaml, random, huge);
  }

  private static String oddCharacter(String yaml, Random random) {
    String[] odd = {"\u0000", "\t", "\r", "\uFEFF", "\u2028", "\uD800", "%", "&", "*", "!", "|", ">", "'", "\"", "{", "[", "#", ": "};
    int at = random.nextInt(yaml.length() + 1);
    return yaml.substring(0, at) + odd[random.nextInt(odd.length)] + yaml.substring(at);
  }

  private static String truncate(String yaml, Random random) {
    return yaml.substring(0, random.nextInt(yaml.length() + 1));
  }

  private static String unknownStepType(String yaml, Random random) {
    return replaceMatching(yaml, random, "type: ", BAD_STEP_TYPES);
  }

  private static String badDuration(String yaml, Random random) {
    String key = List.of("timeout: ", "rto: ", "rpo: ").get(random.nextInt(3));
    return replaceMatching(yaml, random, key, BAD_DURATIONS);
  }

  private static String replaceMatching(String yaml, Random random, String key, List<String> values) {
    List<String> lines = lines(yaml);
    List<Integer> matching = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().startsWith(key)) {
        matching.add(i);
      }
    }
    if (matching.isEmpty()) {
      return wrongValue(yaml, random);
    }
    int i = matching.get(random.nextInt(matching.size()));
    String line = lines.get(i);
    lines.set(i, line.substring(0, line.indexOf(key) + key.length()) + values.get(random.nextInt(values.size())));
    return String.join("\n", lines);
  }

  private static String reindent(String yaml, Random random) {
    List<String> lines = lines(yaml);
    int i = contentLine(lines, random);
    lines.set(i, (random.nextBoolean() ? "  " : "") + lines.get(i).stripLeading());
    return String.join("\n", lines);
  }
}
