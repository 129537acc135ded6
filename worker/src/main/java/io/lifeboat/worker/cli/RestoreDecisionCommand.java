package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lifeboat restore approve|reject|override RUN_ID}: a second person's word on a restore
 * waiting to replace data.
 */
final class RestoreDecisionCommand {
  private RestoreDecisionCommand() {}

  /** The same options, a different decision. */
  abstract static class Decide implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "RUN_ID", description = "restore:<target>:<place>/<Temporal run id>, as the restore printed")
    String runId;

    @Option(names = "--reason", required = true, description = "why, for the run's record and the audit trail")
    String reason;

    abstract String signal();

    @Override
    public Integer call() {
      if (!runId.startsWith("restore:") || runId.indexOf('/') < 0 || runId.endsWith("/")) {
        throw new CliException("'" + runId + "' is not a restore's run id",
            "give it whole, restore:<target>:<place>/<Temporal run id>; `lifeboat runs --type RESTORE` lists them");
      }
      JsonNode outcome = options.client().signalRestore(runId, signal(), reason);
      if (options.json) {
        System.out.println(ClientOptions.json(outcome));
      } else if (outcome.path("accepted").isNull() || outcome.path("accepted").isMissingNode()) {
        System.out.println(signal() + " sent to " + runId + "; the restore has not answered yet");
      } else {
        System.out.println(signal() + " accepted: " + outcome.path("note").asText());
      }
      return 0;
    }
  }

  @Command(name = "approve", description = "Approve a restore waiting to replace data (not one you asked for).")
  static final class Approve extends Decide {
    @Override
    String signal() {
      return "approve";
    }
  }

  @Command(name = "reject", description = "Reject a restore waiting to replace data; it ends with nothing changed.")
  static final class Reject extends Decide {
    @Override
    String signal() {
      return "reject";
    }
  }

  @Command(name = "override", description = "Break-glass (admin role): let a restore replace data without a second"
      + " person's approval; the reason is required and the override is recorded loudly.")
  static final class OverrideApproval extends Decide {
    @Override
    String signal() {
      return "override";
    }
  }
}
