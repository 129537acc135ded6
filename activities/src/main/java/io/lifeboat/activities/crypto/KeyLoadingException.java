package io.lifeboat.activities.crypto;

/** An OpenPGP key could not be read or unlocked; the message says which and why. */
public class KeyLoadingException extends RuntimeException {

  public KeyLoadingException(String message, Throwable cause) {
    super(message, cause);
  }
}
