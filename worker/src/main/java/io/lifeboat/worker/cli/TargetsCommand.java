package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "targets", description = "Declared targets, their newest backups and whether their RPO is breached.")
final class TargetsCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Override
  public Integer call() {
    JsonNode targets = options.client().targets();
    if (options.json) {
      System.out.println(ClientOptions.json(targets));
      return 0;
    }
    System.out.printf("%-16s %-9s %-10s %-10s %-26s %-12s %s%n",
        "TARGET", "KIND", "RPO", "RTO", "NEWEST BACKUP", "AGE", "STATE");
    for (JsonNode t : targets) {
      JsonNode newest = t.path("newestBackup");
      System.out.printf("%-16s %-9s %-10s %-10s %-26s %-12s %s%n", t.path("name").asText(), t.path("kind").asText(),
          t.path("objectives").path("rpo").asText(), t.path("objectives").path("rto").asText(),
          newest.path("backupId").asText("-"),
          newest.isMissingNode() || newest.isNull() ? "-" : newest.path("ageSeconds").asLong() + " s",
          t.path("rpoBreached").asBoolean() ? "RPO BREACHED"
              : t.path("newestVerifiedBackup").isNull() ? "ok (none verified)" : "ok");
    }
    return 0;
  }
}
