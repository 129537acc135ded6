package io.lifeboat.worker.embedded;

import io.lifeboat.config.PayloadKeyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The embedded stack's key for Temporal payloads: generated once per home directory and kept there,
 * readable by its owner only, so the payloads of the dev server's histories (which survive
 * restarts in the same home) stay readable by the next start. Its id is derived from the key, so a
 * history written with a lost key says so by id rather than failing to decrypt.
 */
public final class PayloadKeyFile {
  static final String NAME = "temporal-payload.key";

  private PayloadKeyFile() {}

  public static PayloadKeyConfig loadOrCreate(Path home) throws IOException {
    Path file = home.resolve(NAME);
    if (!Files.exists(file)) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      try {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
      } catch (FileAlreadyExistsException another) {
        // a stack started at the same time made it first: use theirs
      }
    }
    String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
    return new PayloadKeyConfig("embedded-" + fingerprint(key), key);
  }

  private static String fingerprint(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
