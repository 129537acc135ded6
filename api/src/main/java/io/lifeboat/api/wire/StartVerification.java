package io.lifeboat.api.wire;

/** Body of {@code POST /backups/{id}/verifications}; a test restore unless told otherwise. */
public record StartVerification(Boolean testRestore) {
  public boolean testRestoreOrDefault() {
    return testRestore == null || testRestore;
  }
}
