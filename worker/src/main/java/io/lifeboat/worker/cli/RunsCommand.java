package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "runs", description = "Recent runs (backups, verifications, restores), newest first.")
final class RunsCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Option(names = "--limit", description = "at most this many (default ${DEFAULT-VALUE})")
  int limit = 20;

  @Override
  public Integer call() {
    JsonNode runs = options.client().runs(limit);
    if (options.json) {
      System.out.println(ClientOptions.json(runs));
      return 0;
    }
    System.out.printf("%-9s %-10s %-14s %-26s %-26s %s%n", "TYPE", "STATUS", "TARGET", "BACKUP", "STARTED", "RUN");
    for (JsonNode r : runs) {
      System.out.printf("%-9s %-10s %-14s %-26s %-26s %s%n", r.path("type").asText(), r.path("status").asText(),
          r.path("target").asText("-"), r.path("backupId").asText("-"), r.path("startedAt").asText(),
          r.path("runId").asText());
    }
    return 0;
  }
}
