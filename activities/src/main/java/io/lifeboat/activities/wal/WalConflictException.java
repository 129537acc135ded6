package io.lifeboat.activities.wal;

/** A file is already archived under its name with other content; nothing was overwritten. */
public final class WalConflictException extends RuntimeException {
  public WalConflictException(String message) {
    super(message);
  }
}
