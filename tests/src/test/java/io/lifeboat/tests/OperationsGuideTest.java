package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.worker.cli.Main;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * docs/operations.md, the on-call guide, keeps up with what it explains: a section for every alert
 * the rules ship and every notification event, and every {@code lifeboat …} command it or an
 * alert's {@code runbook} annotation tells a person to run is one the CLI accepts, as parsed by the
 * CLI's own picocli model: a renamed subcommand or option fails here rather than at 3 a.m.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OperationsGuideTest {
  private static final Path GUIDE = Path.of("../docs/operations.md");
  private static final Path NOTIFICATIONS = Path.of("../docs/notifications.md");
  private static final Pattern CODE_SPAN = Pattern.compile("`(lifeboat [^`]+)`");
  private static final Pattern ANNOTATION_COMMAND = Pattern.compile("lifeboat [a-z][^;()]*");
  private static final Pattern EVENT = Pattern.compile("`([a-z-]+)`");

  @Test
  void everyAlertAndEveryNotificationEventHasASection() throws IOException {
    Set<String> sections = new TreeSet<>();
    for (String line : Files.readAllLines(GUIDE)) {
      if (line.startsWith("### ")) {
        sections.add(line.substring(4).strip());
      }
    }
    List<String> alerts = AlertRulesTest.alerts().stream().map(a -> a.path("alert").asText()).toList();
    List<String> events = events();

    assertThat(alerts).hasSizeGreaterThanOrEqualTo(17);
    assertThat(events).contains("backup-failed", "disk-space-low", "runbook-succeeded").hasSizeGreaterThanOrEqualTo(15);
    assertThat(sections).as("sections of %s", GUIDE).containsAll(alerts).containsAll(events);
  }

  @Test
  void everyCommandTheGuideAndTheAlertsGiveIsOneTheCliAccepts() throws IOException {
    List<String> commands = new ArrayList<>();
    Matcher span = CODE_SPAN.matcher(Files.readString(GUIDE));
    while (span.find()) {
      commands.add(span.group(1).replaceAll("\\s+", " ").strip());
    }
    assertThat(commands).hasSizeGreaterThan(30);
    for (JsonNode alert : AlertRulesTest.alerts()) {
      String runbook = alert.path("annotations").path("runbook").asText()
          .replaceAll("\\{\\{\\s*\\$labels\\.(\\w+)\\s*}}", "$1");
      Matcher command = ANNOTATION_COMMAND.matcher(runbook);
      while (command.find()) {
        commands.add(command.group().strip());
      }
    }

    List<String> refused = new ArrayList<>();
    for (String command : commands) {
      String problem = problem(command);
      if (problem != null) {
        refused.add(command + " — " + problem);
      }
    }
    assertThat(refused).as("commands the CLI would refuse").isEmpty();
  }

  /** Null when the CLI parses the command to a subcommand that runs; else why not. */
  private static String problem(String command) {
    List<String> words = words(command);
    try {
      ParseResult parsed = new CommandLine(new Main()).parseArgs(words.subList(1, words.size()).toArray(String[]::new));
      while (parsed.hasSubcommand()) {
        parsed = parsed.subcommand();
      }
      Object runs = parsed.commandSpec().userObject();
      return runs instanceof Callable || runs instanceof Runnable || runs instanceof Method ? null
          : "'" + parsed.commandSpec().qualifiedName() + "' needs a subcommand";
    } catch (CommandLine.ParameterException e) {
      return e.getMessage();
    }
  }

  /** Split as a shell would for these simple lines: on spaces, keeping "…" and '…' together. */
  private static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    Matcher word = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(command);
    while (word.find()) {
      words.add(word.group(1) != null ? word.group(1) : word.group(2) != null ? word.group(2) : word.group(3));
    }
    return words;
  }

  /** The event names of notifications.md's table of events. */
  private static List<String> events() throws IOException {
    List<String> events = new ArrayList<>();
    boolean inEvents = false;
    for (String line : Files.readAllLines(NOTIFICATIONS)) {
      if (line.startsWith("## ")) {
        inEvents = line.equals("## Events");
      } else if (inEvents && line.startsWith("| `")) {
        Matcher event = EVENT.matcher(line.split("\\|")[1]);
        while (event.find()) {
          events.add(event.group(1));
        }
      }
    }
    return events;
  }
}
