package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.StartRecovery;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "recover", description = "Recover a PostgreSQL cluster to a point in time into a new data directory,"
    + " beside the live one, and report the RTO and RPO achieved.")
final class RecoverCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "TARGET", description = "a postgres-cluster target")
  String target;

  @Option(names = "--to-time", paramLabel = "INSTANT", description = "keep what was committed up to this ISO-8601 instant")
  String toTime;

  @Option(names = "--to-lsn", paramLabel = "LSN", description = "stop at this WAL position (e.g. 0/3A000060)")
  String toLsn;

  @Option(names = "--to-name", paramLabel = "NAME", description = "stop at this restore point (pg_create_restore_point)")
  String toName;

  @Option(names = "--into-directory", required = true, paramLabel = "DIR",
      description = "new or empty data directory on the worker's machine")
  String dataDirectory;

  @Option(names = "--port", required = true, description = "port the recovered server listens on (127.0.0.1)")
  int port;

  @Option(names = "--backup", paramLabel = "ID", description = "base backup to start from; default: the newest before the target")
  String backup;

  @Option(names = "--incident-at", paramLabel = "INSTANT",
      description = "when the incident was declared (ISO-8601); default: now")
  String incidentAt;

  @Option(names = "--detach", description = "start it and return")
  boolean detach;

  @Override
  public Integer call() {
    if (Stream.of(toTime, toLsn, toName).filter(v -> v != null).count() != 1) {
      throw new CliException("give exactly one recovery target", "add one of --to-time INSTANT, --to-lsn LSN,"
          + " --to-name NAME");
    }
    LifeboatClient client = options.client();
    RunReference run = client.startRecovery(new StartRecovery(target, toTime, toLsn, toName, backup, dataDirectory,
        port, incidentAt));
    if (detach) {
      System.out.println(options.json ? ClientOptions.json(run) : "started " + run.runId());
      return 0;
    }
    JsonNode done = new RunFollower(client, System.out, options.json).follow(run);
    JsonNode r = done.path("result");
    if (options.json) {
      System.out.println(ClientOptions.json(done));
    } else {
      System.out.printf("recovered %s from base backup %s into %s, serving on 127.0.0.1:%d%n", target,
          r.path("backupId").asText(), r.path("dataDirectory").asText(), r.path("port").asInt());
      System.out.printf("recovery point %s (LSN %s, timeline %d); newest archived WAL %s%n",
          r.path("recoveryPoint").asText(), r.path("lsn").asText(), r.path("timeline").asLong(),
          r.path("lastArchivedAt").asText());
      System.out.println(RestoreCommand.objective("RPO", r.path("achievedRpoMillis").asLong(),
          r.path("rpoObjectiveMillis").asLong()));
      System.out.println(RestoreCommand.objective("RTO", r.path("achievedRtoMillis").asLong(),
          r.path("rtoObjectiveMillis").asLong()));
    }
    return 0;
  }
}
