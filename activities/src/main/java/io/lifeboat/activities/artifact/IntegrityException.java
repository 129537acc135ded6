package io.lifeboat.activities.artifact;

/**
 * A stored artifact is corrupted: its checksum differs from the one recorded, or its OpenPGP
 * integrity check (MDC) failed. Retrying will not help; another backup or the off-site copy will.
 */
public class IntegrityException extends RuntimeException {

  public IntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
