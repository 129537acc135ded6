package io.lifeboat.activities.artifact;

/** None of the configured secret keys can decrypt an artifact. */
public class WrongKeyException extends RuntimeException {

  public WrongKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
