package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.StartBackup;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", description = "Back up a target (or its tenant schemas) now and follow the run.")
final class BackupCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "TARGET", description = "a declared target")
  String target;

  @Option(names = "--reason", description = "why, kept with the run (e.g. \"before schema change\")")
  String reason = "on demand";

  @ArgGroup(exclusive = true)
  Tenants tenants;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "with --schemas: tenant backups running at once (default ${DEFAULT-VALUE})")
  int concurrency = 2;

  @Option(names = "--detach", description = "start it and return")
  boolean detach;

  /** A PostgreSQL target's tenants: one schema, or every schema matching a pattern. */
  static final class Tenants {
    @Option(names = "--schema", paramLabel = "SCHEMA", description = "back up only this schema (one tenant)")
    String schema;

    @Option(names = "--schemas", paramLabel = "PATTERN",
        description = "back up every schema matching PATTERN ('*' any characters, e.g. 'tenant_*'), one backup each")
    String pattern;
  }

  @Override
  public Integer call() {
    LifeboatClient client = options.client();
    RunReference run = tenants == null ? client.startBackup(target, reason)
        : client.startTenantBackup(target, new StartBackup(reason, tenants.schema, tenants.pattern,
            tenants.pattern == null ? null : concurrency));
    if (detach) {
      System.out.println(options.json ? ClientOptions.json(run) : "started " + run.runId());
      return 0;
    }
    JsonNode done = new RunFollower(client, System.out, options.json).follow(run);
    JsonNode result = done.path("result");
    if (options.json) {
      System.out.println(ClientOptions.json(done));
    } else if (tenants != null && tenants.pattern != null) {
      for (JsonNode tenant : result.path("tenants")) {
        System.out.printf("backup %s of schema %s: %s stored%n", tenant.path("backupId").asText(),
            tenant.path("schema").asText(), Sizes.human(tenant.path("storedBytes").asLong()));
      }
    } else {
      System.out.printf("backup %s of %s: %s raw, %s stored, recovery point %s%n", result.path("backupId").asText(),
          tenants == null ? target : "schema " + tenants.schema + " of " + target,
          Sizes.human(result.path("rawBytes").asLong()), Sizes.human(result.path("storedBytes").asLong()),
          result.path("recoveryPoint").asText());
    }
    return 0;
  }
}
