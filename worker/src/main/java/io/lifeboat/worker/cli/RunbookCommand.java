package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.runbooks.Problem;
import io.lifeboat.runbooks.RunbookParser;
import io.lifeboat.runbooks.RunbookValidationException;
import io.lifeboat.workflows.runbook.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat runbook ...}: validate, list, run and answer runbooks. */
@Command(name = "runbook", description = "Validate, list, run and answer recovery runbooks.",
    subcommands = {RunbookCommand.Validate.class, RunbookCommand.ListRunbooks.class, RunbookCommand.Run.class,
        RunbookCommand.Approve.class, RunbookCommand.Reject.class, RunbookCommand.Retry.class,
        RunbookCommand.Skip.class, RunbookCommand.Abort.class, RunbookCommand.OverrideApproval.class,
        RunbookCommand.Report.class})
final class RunbookCommand {
  private RunbookCommand() {}

  @Command(name = "validate", description = "Check a runbook file; print every problem as FILE:LINE:COLUMN: message.")
  static final class Validate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE") Path file;

    @Option(names = "--json", description = "print JSON for scripts") boolean json;

    @Override
    public Integer call() throws IOException {
      String yaml;
      try {
        yaml = Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new CliException("no file " + file, "give the path of a runbook YAML file");
      }
      String name = file.toString();
      try {
        Runbook runbook = RunbookParser.parse(name, yaml);
        System.out.println(json
            ? ClientOptions.json(Map.of("file", name, "valid", true, "problems", List.of()))
            : name + ": valid runbook '" + runbook.name() + "' with " + runbook.steps().size() + " steps");
        return 0;
      } catch (RunbookValidationException invalid) {
        if (json) {
          System.out.println(ClientOptions.json(Map.of("file", name, "valid", false, "problems", invalid.problems())));
        } else {
          for (Problem problem : invalid.problems()) {
            System.err.println(name + ":" + problem);
          }
          System.err.println(invalid.problems().size() + " problem(s); the runbook cannot run as it is");
        }
        return 1;
      }
    }
  }

  @Command(name = "list", description = "The runbooks the API knows, with their parameters.")
  static final class ListRunbooks implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Override
    public Integer call() {
      JsonNode runbooks = options.client().runbooks();
      if (options.json) {
        System.out.println(ClientOptions.json(runbooks));
        return 0;
      }
      for (JsonNode runbook : runbooks) {
        if (runbook.path("problems").size() > 0) {
          System.out.printf("%-24s INVALID: %s%n", runbook.path("name").asText(), runbook.path("problems").get(0).asText());
          continue;
        }
        System.out.printf("%-24s rto %-6s %s%n", runbook.path("name").asText(), runbook.path("rto").asText(),
            runbook.path("description").asText());
        for (JsonNode parameter : runbook.path("parameters")) {
          JsonNode dflt = parameter.path("defaultValue");
          System.out.printf("    --param %s=…  %s%s%n", parameter.path("name").asText(),
              parameter.path("description").asText(),
              dflt.isMissingNode() || dflt.isNull() ? " (required)" : " (default " + dflt.asText() + ")");
        }
      }
      return 0;
    }
  }

  @Command(name = "run", description = "Start a runbook; with --follow, show its steps live until it ends.")
  static final class Run implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "NAME") String name;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "a parameter (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--key", description = "idempotency key: a second start with it is refused while the first runs")
    String key;

    @Option(names = "--follow", description = "show step progress live until the run ends")
    boolean follow;

    @Override
    public Integer call() throws InterruptedException {
      LifeboatClient client = options.client();
      RunReference run = client.startRunbook(name, params, key);
      if (!follow) {
        System.out.println(options.json ? ClientOptions.json(run) : "started " + run.runId());
        return 0;
      }
      JsonNode done = new RunbookFollower(client, System.out, options.json).follow(name, run.runId());
      if (options.json) {
        System.out.println(ClientOptions.json(done));
      }
      return "SUCCEEDED".equals(done.path("progress").path("status").asText()) ? 0 : 1;
    }
  }

  /** approve, reject, retry, skip and abort: the same options, a different signal. */
  abstract static class Signal implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "RUN_ID", description = "runbook:<name>:<key>/<Temporal run id>") String runId;

    @Option(names = "--reason", required = true, description = "why, for the run's record and the audit trail")
    String reason;

    @Option(names = "--step", description = "the waiting step it answers (needed when several wait)")
    String step;

    abstract String signal();

    @Override
    public Integer call() {
      JsonNode outcome = options.client().signalRunbook(runbookOf(runId), runId, signal(), reason, step);
      if (options.json) {
        System.out.println(ClientOptions.json(outcome));
      } else if (outcome.path("accepted").isNull() || outcome.path("accepted").isMissingNode()) {
        System.out.println(signal() + " sent to " + runId + "; the run has not answered yet");
      } else {
        System.out.println(signal() + " accepted: " + outcome.path("note").asText());
      }
      return 0;
    }
  }

  @Command(name = "approve", description = "Approve the waiting approval step (not of a run you started).")
  static final class Approve extends Signal {
    @Override
    String signal() {
      return "approve";
    }
  }

  @Command(name = "reject", description = "Reject the waiting approval step; the run undoes what it did.")
  static final class Reject extends Signal {
    @Override
    String signal() {
      return "reject";
    }
  }

  @Command(name = "retry", description = "Run a paused, failed step again.")
  static final class Retry extends Signal {
    @Override
    String signal() {
      return "retry";
    }
  }

  @Command(name = "skip", description = "Leave a paused, failed step and go on.")
  static final class Skip extends Signal {
    @Override
    String signal() {
      return "skip";
    }
  }

  @Command(name = "abort", description = "Stop the run at the next step boundary and undo what it did.")
  static final class Abort extends Signal {
    @Override
    String signal() {
      return "abort";
    }
  }

  @Command(name = "override", description = "Break-glass (admin role): pass the waiting approval step without its"
      + " approvers; the reason is required and the override is recorded loudly.")
  static final class OverrideApproval extends Signal {
    @Override
    String signal() {
      return "override";
    }
  }

  @Command(name = "report", description = "A run's report: timeline, durations, RTO/RPO achieved vs objective.")
  static final class Report implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "RUN_ID") String runId;

    @Override
    public Integer call() {
      System.out.print(options.client().report(runId, options.json ? "json" : "md"));
      return 0;
    }
  }

  /** The runbook a run id belongs to: {@code runbook:<name>:<key>/...}. */
  static String runbookOf(String runId) {
    String[] parts = runId.split(":", 3);
    int slash = runId.lastIndexOf('/');
    if (parts.length < 3 || !parts[0].equals("runbook") || parts[1].isEmpty() || slash < 0
        || slash == runId.length() - 1) {
      throw new CliException("'" + runId + "' is not a runbook run id",
          "runbook run ids look like runbook:<name>:<key>/<Temporal run id>; `lifeboat runs` lists them");
    }
    return parts[1];
  }
}
