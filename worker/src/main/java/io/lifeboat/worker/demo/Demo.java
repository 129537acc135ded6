package io.lifeboat.worker.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.StartRestore;
import io.lifeboat.worker.embedded.EmbeddedPostgres15;
import io.lifeboat.worker.embedded.EmbeddedStack;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The main job, end to end, on embedded defaults: a sample database is backed up, verified by a
 * test restore, lost, restored, and proven identical to what was lost.
 */
public final class Demo {
  private final EmbeddedStack stack;
  private final LifeboatClient client;
  private final Function<RunReference, JsonNode> follower;
  private final PrintStream out;

  /** {@code follower} waits for a run to finish (printing its progress) and returns it. */
  public Demo(EmbeddedStack stack, LifeboatClient client, Function<RunReference, JsonNode> follower, PrintStream out) {
    this.stack = stack;
    this.client = client;
    this.follower = follower;
    this.out = out;
  }

  /** Creates the sample database and declares it as target "shop". */
  public static void prepare(EmbeddedStack stack, int megabytes, PrintStream out) throws Exception {
    long start = System.nanoTime();
    out.printf("1/6 creating sample database 'shop' (~%d MB: schemas, JSONB, arrays, bytea, sequences, a large object)%n",
        megabytes);
    stack.postgres().createDatabase("shop");
    try (Connection shop = stack.postgres().connect("shop")) {
      SampleDatabase.create(shop, megabytes);
    }
    out.printf("    done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    stack.declareTargets(List.of(new EmbeddedStack.Target("shop", "shop", "1h", "15m")));
  }

  public Report run() throws Exception {
    PostgresServer server = new PostgresServer("127.0.0.1", stack.postgres().port(), EmbeddedPostgres15.USER, null, null);
    DatabaseFingerprint original = DatabaseFingerprint.of(server, "shop");

    out.println("2/6 backing up target 'shop' (pg_dump → zstd → OpenPGP → SHA-256 → S3 multipart)");
    long backupStart = System.nanoTime();
    JsonNode backup = follower.apply(client.startBackup("shop", "demo")).path("result");
    long backupMillis = (System.nanoTime() - backupStart) / 1_000_000;
    String backupId = backup.path("backupId").asText();

    out.println("3/6 verifying backup " + backupId + " (signature, checksums, decrypt, pg_restore --list, test restore)");
    JsonNode verified = follower.apply(client.startVerification(backupId, true)).path("result");

    out.println("4/6 disaster: dropping database 'shop'");
    stack.postgres().dropDatabase("shop");
    Instant incidentAt = Instant.now();

    out.println("5/6 restoring the latest backup of 'shop' into 'shop'");
    long restoreStart = System.nanoTime();
    JsonNode restored = follower.apply(client.startRestore(
        new StartRestore("shop", "latest", "shop", false, incidentAt.toString()))).path("result");
    long restoreMillis = (System.nanoTime() - restoreStart) / 1_000_000;

    out.println("6/6 comparing the restored database with the original (full pg_dump, SHA-256)");
    DatabaseFingerprint after = DatabaseFingerprint.of(server, "shop");
    return new Report(backupId, backup.path("rawBytes").asLong(), backup.path("storedBytes").asLong(), backupMillis,
        verified.path("testRestore").path("summary").asText(), restoreMillis,
        restored.path("achievedRpoMillis").asLong(), restored.path("rpoObjectiveMillis").asLong(),
        restored.path("achievedRtoMillis").asLong(), restored.path("rtoObjectiveMillis").asLong(),
        original, after);
  }

  /** What the demo measured. */
  public record Report(String backupId, long rawBytes, long storedBytes, long backupMillis, String testRestore,
      long restoreMillis, long achievedRpoMillis, long rpoObjectiveMillis, long achievedRtoMillis,
      long rtoObjectiveMillis, DatabaseFingerprint original, DatabaseFingerprint restored) {

    public boolean identical() {
      return original.equals(restored);
    }

    public boolean objectivesMet() {
      return achievedRpoMillis <= rpoObjectiveMillis && achievedRtoMillis <= rtoObjectiveMillis;
    }
  }
}
