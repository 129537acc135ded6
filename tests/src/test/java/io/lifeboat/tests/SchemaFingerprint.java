package io.lifeboat.tests;

import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.postgres.ToolProcess;
import io.lifeboat.manifest.Sha256;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.List;

/** SHA-256 of one schema's plain-text {@code pg_dump --schema}: its tables, data, sequences, views, functions. */
record SchemaFingerprint(String schema, String sha256) {
  static SchemaFingerprint of(PostgresServer server, String database, String schema) throws Exception {
    // pg_dump 15.14+ writes a random \restrict key into plain dumps; a fixed one keeps them comparable.
    try (ToolProcess dump = ToolProcess.start(List.of("pg_dump", "--format=plain", "--no-password",
        "--restrict-key=lifeboat", "--schema=\"" + schema + "\""), server.toolEnvironment(database))) {
      dump.stdin().close();
      MessageDigest sha = Sha256.newDigest();
      try (InputStream in = dump.stdout()) {
        sha.update(in.readAllBytes());
      }
      dump.waitForSuccess();
      return new SchemaFingerprint(schema, Sha256.hex(sha));
    }
  }
}
