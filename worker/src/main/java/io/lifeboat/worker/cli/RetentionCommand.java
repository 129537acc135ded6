package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "retention",
    description = "Apply a target's retention policy and list what was deleted and why the rest was kept.")
final class RetentionCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "TARGET", description = "a declared target")
  String target;

  @Option(names = "--dry-run", description = "only say what would be deleted; delete nothing")
  boolean dryRun;

  @Option(names = "--reason", description = "why, kept with the run")
  String reason;

  @Option(names = "--detach", description = "start it and return")
  boolean detach;

  @Override
  public Integer call() {
    LifeboatClient client = options.client();
    RunReference run = client.startRetention(target, dryRun, reason);
    if (detach) {
      System.out.println(options.json ? ClientOptions.json(run) : "started " + run.runId());
      return 0;
    }
    JsonNode done = new RunFollower(client, System.out, options.json).follow(run);
    if (options.json) {
      System.out.println(ClientOptions.json(done));
      return 0;
    }
    System.out.print(table(done.path("result")));
    return 0;
  }

  /** One line per backup, newest first: the target's own, then each tenant schema's under its name; a summary. */
  static String table(JsonNode result) {
    StringBuilder out = new StringBuilder();
    boolean dry = result.path("dryRun").asBoolean();
    String format = "%-26s %-22s %-14s %s%n";
    out.append(String.format(format, "BACKUP", "RECOVERY POINT", "DECISION", "KEPT BY"));
    List<String> deleting = new ArrayList<>();
    String schema = null;
    for (JsonNode d : result.path("decisions")) {
      String of = d.path("schema").isTextual() ? d.path("schema").asText() : null;
      if (of != null && !of.equals(schema)) {
        out.append("schema ").append(of).append(":\n");
      }
      schema = of;
      boolean keep = d.path("keep").asBoolean();
      List<String> why = new ArrayList<>();
      d.path("keptBy").forEach(r -> why.add(r.asText()));
      if (!keep) {
        deleting.add(d.path("backupId").asText());
      }
      out.append(String.format(format, d.path("backupId").asText(), d.path("recoveryPoint").asText(),
          keep ? "keep" : dry ? "would delete" : "delete", String.join(", ", why)));
    }
    int kept = result.path("decisions").size() - deleting.size();
    if (dry) {
      out.append(String.format("dry run: %d kept, %d would be deleted; nothing was deleted%n", kept, deleting.size()));
    } else {
      out.append(String.format("%d kept, %d deleted%n", kept, result.path("deleted").size()));
    }
    JsonNode wal = result.path("wal");
    if (wal.hasNonNull("keptFrom")) {
      out.append(String.format("archived WAL: %d files before %s %s%n", wal.path("files").asInt(),
          wal.path("keptFrom").asText(), dry ? "would be deleted" : "deleted"));
    }
    if (result.path("policy").isNull() || result.path("policy").isMissingNode()) {
      out.append("the target has no retention policy: add 'retention:' under it in the configuration\n");
    }
    return out.toString();
  }
}
