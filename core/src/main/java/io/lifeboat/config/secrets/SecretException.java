package io.lifeboat.config.secrets;

/**
 * A secret could not be read: its message is one line naming the reference, the store and the
 * fix, and never holds the secret.
 */
public class SecretException extends RuntimeException {
  private final boolean transientFailure;

  public SecretException(String message) {
    this(message, null, false);
  }

  public SecretException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /** @param transientFailure the store could not be reached or was busy: trying again may succeed */
  public SecretException(String message, Throwable cause, boolean transientFailure) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  /**
   * Whether trying again may succeed (the store was unreachable or busy), as opposed to an answer
   * that stays the same until the configuration or the store is changed (no such secret, access
   * denied, not a reference).
   */
  public boolean isTransient() {
    return transientFailure;
  }
}
