package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backups", description = "List backups, newest first; hold or release one.")
final class BackupsCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Option(names = "--target", description = "only this target's")
  String target;

  @Option(names = "--schema", description = "only this tenant schema's (with --target)")
  String schema;

  @Option(names = "--limit", description = "at most this many (default ${DEFAULT-VALUE})")
  int limit = 50;

  @Override
  public Integer call() {
    if (schema != null && target == null) {
      throw new CliException("--schema needs --target", "add --target NAME: the PostgreSQL target the schema is in");
    }
    JsonNode backups = options.client().backups(target, schema, limit);
    if (options.json) {
      System.out.println(ClientOptions.json(backups));
      return 0;
    }
    System.out.printf("%-26s %-14s %-10s %-26s %10s %10s  %s%n",
        "BACKUP", "TARGET", "KIND", "RECOVERY POINT", "RAW", "STORED", "VERIFIED");
    for (JsonNode b : backups) {
      System.out.printf("%-26s %-14s %-10s %-26s %10s %10s  %s%n", b.path("backupId").asText(),
          b.path("target").asText() + (b.path("schema").isTextual() ? "/" + b.path("schema").asText() : ""),
          b.path("kind").asText(), b.path("recoveryPoint").asText(),
          Sizes.human(b.path("rawBytes").asLong()), Sizes.human(b.path("storedBytes").asLong()),
          b.path("verifiedAt").isNull() || b.path("verifiedAt").isMissingNode() ? "no" : b.path("verifiedAt").asText());
    }
    return 0;
  }

  @Command(name = "hold", description = "Put a backup under legal hold: retention never deletes it.")
  int hold(@Mixin ClientOptions client, @Parameters(paramLabel = "BACKUP_ID") String backupId,
      @Option(names = "--reason", required = true, description = "who asked and why (audited)") String reason) {
    return legalHold(client, backupId, true, reason);
  }

  @Command(name = "release", description = "Release a backup's legal hold: retention may delete it again.")
  int release(@Mixin ClientOptions client, @Parameters(paramLabel = "BACKUP_ID") String backupId,
      @Option(names = "--reason", required = true, description = "who asked and why (audited)") String reason) {
    return legalHold(client, backupId, false, reason);
  }

  private static int legalHold(ClientOptions client, String backupId, boolean hold, String reason) {
    JsonNode result = client.client().legalHold(backupId, hold, reason);
    if (client.json) {
      System.out.println(ClientOptions.json(result));
    } else {
      System.out.println("backup " + backupId + (hold ? " is under legal hold" : " is no longer held") + " ("
          + result.path("by").asText() + ": " + reason + ")");
    }
    return 0;
  }
}
