package io.lifeboat.config.secrets;

/**
 * A secret could not be read: its message is one line naming the reference, the store and the
 * fix, and never holds the secret.
 */
public class SecretException extends RuntimeException {
  public SecretException(String message) {
    super(message);
  }

  public SecretException(String message, Throwable cause) {
    super(message, cause);
  }
}
