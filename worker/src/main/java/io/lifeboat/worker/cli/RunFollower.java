package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.client.RunWatcher;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.replication.ReadSource;
import io.lifeboat.workflows.runbook.RunbookWorkflow;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Follows a run to its end, printing each step as it starts and finishes. An API that goes away
 * meanwhile is waited for ({@link ReconnectingReader}); steps already printed are not printed again.
 */
final class RunFollower {
  private static final Duration POLL = Duration.ofMillis(500);

  private final ReconnectingReader reader;
  private final PrintStream out;
  private final boolean quiet;
  private final Map<String, String> printed = new HashMap<>();

  RunFollower(LifeboatClient client, PrintStream out, boolean quiet) {
    this(new ReconnectingReader(client), out, quiet);
  }

  RunFollower(ReconnectingReader reader, PrintStream out, boolean quiet) {
    this.reader = reader;
    this.out = out;
    this.quiet = quiet;
  }

  /** Returns the finished run; a failed run becomes a {@link CliException}. */
  JsonNode follow(RunReference run) {
    if (!quiet) {
      out.println(run.type().toLowerCase() + " started: run " + run.runId());
    }
    JsonNode done;
    try {
      done = new RunWatcher(reader::run, POLL).watch(run, this::print);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("stopped following " + run.runId(), "the run goes on; `lifeboat run "
          + run.runId() + "` shows it");
    }
    if (!"COMPLETED".equals(done.path("status").asText())) {
      JsonNode failure = done.path("failure");
      String message = failure.path("message").asText(done.path("status").asText());
      throw new CliException(run.type().toLowerCase() + " failed: " + message, hintFor(failure.path("type").asText()));
    }
    return done;
  }

  private void print(JsonNode run) {
    if (quiet) {
      return;
    }
    for (JsonNode step : run.path("progress").path("steps")) {
      String name = step.path("name").asText();
      String status = step.path("status").asText();
      if (status.equals(printed.get(name)) || status.equals("PENDING")) {
        continue;
      }
      printed.put(name, status);
      String detail = step.path("detail").asText("");
      switch (status) {
        case "RUNNING" -> out.println("  … " + name + (detail.isEmpty() ? "" : "  " + detail));
        case "DONE" -> out.println("  ✓ " + name + took(step) + (detail.isEmpty() ? "" : "  " + detail));
        case "FAILED" -> out.println("  ✗ " + name + took(step) + "  " + detail);
        case "SKIPPED" -> out.println("  - " + name + "  skipped: " + detail);
        default -> out.println("  " + status + " " + name);
      }
    }
  }

  private static String took(JsonNode step) {
    if (step.path("startedAt").isMissingNode() || step.path("endedAt").isMissingNode()
        || step.path("startedAt").isNull() || step.path("endedAt").isNull()) {
      return "";
    }
    Duration d = Duration.between(Instant.parse(step.path("startedAt").asText()),
        Instant.parse(step.path("endedAt").asText()));
    return String.format(" (%.1f s)", d.toMillis() / 1000.0);
  }

  /** "read from off-site copy ..." when a verification or restore could not use the primary bucket. */
  static Optional<String> readFromCopy(JsonNode result) {
    JsonNode source = result.path("readFrom");
    String location = source.path("location").asText(ReadSource.PRIMARY);
    if (location.equals(ReadSource.PRIMARY)) {
      return Optional.empty();
    }
    return Optional.of("read from off-site copy '" + location + "': the primary bucket was not usable ("
        + source.path("primaryProblem").asText("unknown") + ")");
  }

  static String hintFor(String failureType) {
    return switch (failureType) {
      case FailureTypes.INTEGRITY -> "the stored backup is damaged; restore an earlier backup or the off-site copy";
      case FailureTypes.BAD_SIGNATURE -> "the manifest was not signed by a trusted key; do not restore it";
      case FailureTypes.WRONG_KEY -> "configure encryption.decryptionKey with a key the backup was encrypted to";
      case FailureTypes.DESTINATION_NOT_EMPTY -> "add --replace, or restore somewhere else (--into) where the kind allows it";
      case FailureTypes.UNKNOWN_TARGET -> "`lifeboat targets` lists the declared targets";
      case FailureTypes.BACKUP_NOT_FOUND -> "`lifeboat backups` lists backups; `lifeboat catalog rebuild` re-indexes";
      case FailureTypes.VERIFICATION_MISMATCH -> "the backup does not restore to what was backed up; take a new one";
      case FailureTypes.DATABASE_UNREACHABLE -> "check that the database is running and the target's settings";
      case FailureTypes.UNKNOWN_SCHEMA -> "schema names are case-sensitive; the error lists the schemas there are";
      case FailureTypes.SCHEMA_IN_USE -> "let those transactions finish (or end them) and restore again";
      case FailureTypes.TENANT_BACKUPS_FAILED -> "back up a failed tenant alone with --schema once its cause is fixed";
      case FailureTypes.WAL_GAP -> "take a new base backup (`lifeboat backup TARGET`); recoveries after it are whole";
      case FailureTypes.MISSING_ROLES -> "restore with --roles create (the default) or --no-owner, or create the roles"
          + " first (globals.sql of the backup)";
      case RunbookWorkflow.APPROVAL_REJECTED -> "nothing was changed; start it again once the approver's concern is met";
      case RunbookWorkflow.APPROVAL_TIMED_OUT -> "nothing was changed; start it again and have an approver run"
          + " `lifeboat restore approve RUN_ID --reason …` (or an admin `lifeboat restore override`)";
      case FailureTypes.TARGET_OUT_OF_RANGE -> "`lifeboat archive check TARGET` shows what the archive covers";
      default -> "`lifeboat runs` lists runs; the Temporal UI shows the full history";
    };
  }
}
