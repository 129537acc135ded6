package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.StartRestore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore",
    description = {"Restore a backup into its target's place, or another one, and report the RTO and RPO achieved.",
        "What --into names depends on the target's kind: a PostgreSQL database (with --schema: the database the"
            + " tenant goes into; for a target of several databases: the one of the backup to restore, into the"
            + " database of its name), a directory of a file set or configuration tree; left out, the target's own"
            + " (its database, every database of a backup of several, its original paths, its Redis server).",
        "--to names a destination declared under destinations: in the configuration (a standby, another region)"
            + " with its own credentials; --to-host a PostgreSQL server reached with the target's.",
        "With --replace over data, the restore waits for a second person (`lifeboat restore approve RUN_ID`) unless"
            + " the target says replaceApproval: none."},
    subcommands = {RestoreDecisionCommand.Approve.class, RestoreDecisionCommand.Reject.class,
        RestoreDecisionCommand.OverrideApproval.class})
final class RestoreCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  // optional to picocli only so that `restore approve RUN_ID` parses; call() requires it
  @Parameters(paramLabel = "BACKUP", arity = "0..1", description = "a backup id, latest, or before:<ISO instant>")
  String backup;

  @Option(names = "--target", description = "the target (needed with latest and before:…)")
  String target;

  @Option(names = "--into", paramLabel = "DATABASE|DIRECTORY",
      description = "where to restore, as the target's kind reads it: a database, an absolute directory;"
          + " default: the target's own")
  String into;

  @Option(names = "--schema", paramLabel = "SCHEMA",
      description = "restore only this tenant schema, beside the others, into the target's database (or --into's)")
  String schema;

  @Option(names = "--replace",
      description = "replace data the destination holds (a database or schema gets a safety backup first;"
          + " files and Redis keep what is replaced beside until the restore has succeeded)")
  boolean replace;

  @Option(names = "--keep-replaced",
      description = "keep what the restore replaced (its name is printed) instead of dropping it after success")
  boolean keepReplaced;

  @Option(names = "--to", paramLabel = "DESTINATION",
      description = "restore onto a destination declared under destinations: (a standby, another region)")
  String to;

  @Option(names = "--to-host", paramLabel = "HOST",
      description = "restore onto this server, reached with the target's own credentials")
  String toHost;

  @Option(names = "--to-port", paramLabel = "PORT", description = "the port of --to-host (default: the target's)")
  Integer toPort;

  @Option(names = "--roles", paramLabel = "create|skip",
      description = "roles the data needs that the destination lacks: create them (default) or refuse")
  String roles;

  @Option(names = "--no-owner", description = "restore with the connecting user as owner of everything")
  boolean noOwner;

  @Option(names = "--incident-at", paramLabel = "INSTANT",
      description = "when the incident was declared (ISO-8601); default: now")
  String incidentAt;

  @Option(names = "--detach", description = "start it and return")
  boolean detach;

  @Override
  public Integer call() {
    if (backup == null) {
      throw new CliException("restore needs the BACKUP to restore", "give a backup id, latest or before:<ISO instant>"
          + " (`lifeboat backups` lists them), or approve|reject|override a waiting restore");
    }
    if (to != null && (toHost != null || toPort != null)) {
      throw new CliException("--to and --to-host both name the server to restore onto",
          "give --to DESTINATION (declared under destinations:) or --to-host HOST [--to-port PORT], not both");
    }
    if (toPort != null && toHost == null) {
      throw new CliException("--to-port is given without --to-host", "add --to-host HOST, or leave out --to-port");
    }
    LifeboatClient client = options.client();
    String forTarget = target != null ? target : targetOf(client);
    RunReference run = client.startRestore(
        new StartRestore(forTarget, backup, null, replace, incidentAt, schema, keepReplaced, to, toHost, toPort,
            roles, noOwner, into));
    if (detach) {
      System.out.println(options.json ? ClientOptions.json(run) : "started " + run.runId());
      return 0;
    }
    JsonNode done = new RunFollower(client, System.out, options.json).follow(run);
    JsonNode r = done.path("result");
    if (options.json) {
      System.out.println(ClientOptions.json(done));
    } else {
      System.out.printf("restored backup %s into %s%n", r.path("backupId").asText(), r.path("destination").asText());
      if (!r.path("safetyBackupId").isNull() && !r.path("safetyBackupId").isMissingNode()) {
        System.out.println("safety backup of what was there: " + r.path("safetyBackupId").asText());
      }
      if (!r.path("keptAs").isNull() && !r.path("keptAs").isMissingNode()) {
        System.out.println("what it replaced is kept as " + r.path("keptAs").asText() + "; drop it when done");
      }
      RunFollower.readFromCopy(r).ifPresent(System.out::println);
      System.out.println(objective("RPO", r.path("achievedRpoMillis").asLong(), r.path("rpoObjectiveMillis").asLong()));
      System.out.println(objective("RTO", r.path("achievedRtoMillis").asLong(), r.path("rtoObjectiveMillis").asLong()));
    }
    return 0;
  }

  static String objective(String name, long achievedMillis, long objectiveMillis) {
    return String.format("%s achieved %s, objective %s: %s", name, Durations.human(achievedMillis),
        Durations.human(objectiveMillis), achievedMillis <= objectiveMillis ? "met" : "MISSED");
  }

  private String targetOf(LifeboatClient client) {
    if (backup.equals("latest") || backup.startsWith("before:")) {
      throw new CliException("restoring '" + backup + "' needs the target", "add --target NAME");
    }
    return client.backup(backup).path("target").asText();
  }
}
