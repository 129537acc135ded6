package io.lifeboat.manifest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 as manifests and the catalog record it: lowercase hex, what {@code sha256sum} prints
 * for the same bytes.
 */
public final class Sha256 {
  private Sha256() {}

  /** The SHA-256 of {@code bytes}, in lowercase hex. */
  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /** A fresh digest, for bytes that stream through. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Completes {@code digest} (which resets it) and returns the hash in lowercase hex. */
  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }
}
