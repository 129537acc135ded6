package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "archive", description = "A PostgreSQL cluster's WAL archive.", subcommands = ArchiveCommand.Check.class)
final class ArchiveCommand {

  @Command(name = "check", description = "List the WAL archive of a postgres-cluster target: timelines, newest"
      + " segment and when it was stored, and gaps (exit 1 when there is one).")
  static final class Check implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "TARGET", description = "a postgres-cluster target")
    String target;

    @Override
    public Integer call() {
      LifeboatClient client = options.client();
      RunReference run = client.startArchiveCheck(target);
      JsonNode done = new RunFollower(client, System.out, options.json).follow(run);
      JsonNode r = done.path("result");
      if (options.json) {
        System.out.println(ClientOptions.json(done));
      } else {
        System.out.printf("%s: %d segments (%s stored) on timelines %s%n", target, r.path("segments").asLong(),
            Sizes.human(r.path("storedBytes").asLong()), r.path("timelines"));
        System.out.printf("newest %s, stored %s; no gap%n", r.path("lastSegment").asText(),
            r.path("lastArchivedAt").asText());
      }
      return 0;
    }
  }
}
