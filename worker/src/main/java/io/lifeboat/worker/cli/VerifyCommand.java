package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "Verify a backup: signature, checksums, decryption, archive, test restore.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "BACKUP_ID")
  String backupId;

  @Option(names = "--no-test-restore", description = "skip the test restore (into a scratch database, server or folder)")
  boolean noTestRestore;

  @Option(names = "--detach", description = "start it and return")
  boolean detach;

  @Override
  public Integer call() {
    LifeboatClient client = options.client();
    RunReference run = client.startVerification(backupId, !noTestRestore);
    if (detach) {
      System.out.println(options.json ? ClientOptions.json(run) : "started " + run.runId());
      return 0;
    }
    JsonNode done = new RunFollower(client, System.out, options.json).follow(run);
    JsonNode result = done.path("result");
    if (options.json) {
      System.out.println(ClientOptions.json(done));
    } else {
      System.out.printf("backup %s verified: %d objects, %d archive entries%s%n", backupId,
          result.path("objectsChecked").asInt(), result.path("archiveEntries").asInt(),
          result.path("testRestore").isObject() ? "; test restore: " + result.path("testRestore").path("summary").asText()
              : "");
      RunFollower.readFromCopy(result).ifPresent(System.out::println);
    }
    return 0;
  }
}
