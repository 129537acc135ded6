package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "copies", description = "The off-site copies (storage.copies).", subcommands = CopiesCommand.Sync.class)
final class CopiesCommand {

  @Command(name = "sync", description = "Re-copy to off-site locations every backup and WAL file they lack or hold"
      + " damaged (read back and compared, not taken from the catalog); how locations with afterEachBackup: false"
      + " get their copies. One line per backup or WAL archive: copied, already there, or failed with the cause"
      + " (exit 1 when one failed).")
  static final class Sync implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Option(names = "--location", paramLabel = "L", description = "only this location (default: every one)")
    String location;

    @Option(names = "--target", paramLabel = "T", description = "only this target's backups and WAL")
    String target;

    @Option(names = "--detach", description = "start it and return")
    boolean detach;

    @Override
    public Integer call() {
      LifeboatClient client = options.client();
      RunReference run = client.startCopySync(location, target);
      if (detach) {
        System.out.println(options.json ? ClientOptions.json(run) : "started " + run.runId());
        return 0;
      }
      JsonNode done = new RunFollower(client, System.out, options.json).follow(run);
      if (options.json) {
        System.out.println(ClientOptions.json(done));
      } else {
        System.out.print(lines(done.path("result")));
      }
      for (JsonNode line : done.path("result").path("lines")) {
        if ("FAILED".equals(line.path("outcome").asText())) {
          return 1;
        }
      }
      return 0;
    }

    /** One line per item, then the counts. */
    static String lines(JsonNode result) {
      StringBuilder out = new StringBuilder();
      int copied = 0;
      int there = 0;
      int failed = 0;
      for (JsonNode line : result.path("lines")) {
        String outcome = line.path("outcome").asText();
        switch (outcome) {
          case "COPIED" -> copied++;
          case "ALREADY_THERE" -> there++;
          default -> failed++;
        }
        out.append(String.format("%-12s %-40s %-14s %s%n", line.path("location").asText(), line.path("item").asText(),
            outcome.toLowerCase().replace('_', ' '), line.path("detail").asText("")));
      }
      out.append(String.format("%d copied, %d already there, %d failed%n", copied, there, failed));
      return out.toString();
    }
  }
}
