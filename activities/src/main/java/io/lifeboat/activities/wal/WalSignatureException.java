package io.lifeboat.activities.wal;

import io.lifeboat.activities.artifact.IntegrityException;

/**
 * An archived WAL file is not provably Lifeboat's: its signature is missing or does not cover its
 * content, target and name. It is never handed to PostgreSQL; retrying will not help.
 */
public final class WalSignatureException extends IntegrityException {
  public WalSignatureException(String message) {
    super(message, null);
  }
}
