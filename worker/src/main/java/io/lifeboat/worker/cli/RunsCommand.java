package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.catalog.RunEntry;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "runs", description = "Recent runs (backups, verifications, restores...), newest first.")
final class RunsCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Option(names = "--target", paramLabel = "NAME", description = "only runs of this target")
  String target;

  @Option(names = "--type", paramLabel = "TYPE", completionCandidates = Types.class,
      description = "only runs of this type: ${COMPLETION-CANDIDATES} (any case)")
  String type;

  @Option(names = "--status", paramLabel = "STATUS", completionCandidates = Statuses.class,
      description = "only runs in this status: ${COMPLETION-CANDIDATES} (any case)")
  String status;

  @Option(names = "--limit", description = "at most this many (default ${DEFAULT-VALUE})")
  int limit = 20;

  @Override
  public Integer call() {
    // The API checks type and status, so a CLI older than the API still lists the newer types.
    JsonNode runs = options.client().runs(target, upper(type), upper(status), limit);
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

  private static String upper(String value) {
    return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
  }

  static final class Types implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(RunEntry.Type.values()).map(Enum::name).iterator();
    }
  }

  static final class Statuses implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(RunEntry.Status.values()).map(Enum::name).iterator();
    }
  }
}
