package io.lifeboat.activities.crypto;

/** A manifest's signature is missing, malformed, by an untrusted key, or does not match. */
public class BadSignatureException extends RuntimeException {

  public BadSignatureException(String message) {
    super(message);
  }

  public BadSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
