package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", description = "Back up a target now and follow the run.")
final class BackupCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "TARGET", description = "a declared target")
  String target;

  @Option(names = "--reason", description = "why, kept with the run (e.g. \"before schema change\")")
  String reason = "on demand";

  @Option(names = "--detach", description = "start it and return")
  boolean detach;

  @Override
  public Integer call() {
    LifeboatClient client = options.client();
    RunReference run = client.startBackup(target, reason);
    if (detach) {
      System.out.println(options.json ? ClientOptions.json(run) : "started " + run.runId());
      return 0;
    }
    JsonNode done = new RunFollower(client, System.out, options.json).follow(run);
    JsonNode result = done.path("result");
    if (options.json) {
      System.out.println(ClientOptions.json(done));
    } else {
      System.out.printf("backup %s of %s: %s raw, %s stored, recovery point %s%n", result.path("backupId").asText(),
          target, Sizes.human(result.path("rawBytes").asLong()), Sizes.human(result.path("storedBytes").asLong()),
          result.path("recoveryPoint").asText());
    }
    return 0;
  }
}
