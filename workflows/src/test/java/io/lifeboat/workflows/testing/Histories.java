package io.lifeboat.workflows.testing;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps the history of a run a test just made as the determinism guard of its workflow type
 * (ReplayTest replays them all). Written only when missing and asked for with
 * {@code -Dlifeboat.recordHistories=true}: re-recording is a deliberate act, reviewed in the diff.
 */
public final class Histories {
  private Histories() {}

  public static void keep(WorkflowClient client, String workflowId, String name) {
    Path recorded = Path.of("src/test/resources/histories", name + ".json");
    if (Files.exists(recorded) || !Boolean.getBoolean("lifeboat.recordHistories")) {
      return;
    }
    try {
      Files.writeString(recorded, client.fetchHistory(workflowId).toJson(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
