package io.lifeboat.activities.backup;

import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the catalog recorded of a backup's manifest when the backup was made (or the catalog was
 * rebuilt): its backup id, target, kind and the SHA-256 of its bytes. A valid signature only says
 * that Lifeboat wrote a manifest, not that it is this backup's: whoever can write to the bucket can
 * put another validly signed manifest (an older backup's, another target's) in its place. A restore
 * or a check reads a manifest only once it is the one recorded; off-site copies hold the very same
 * bytes, so the same hash holds there.
 */
public record RecordedManifest(String backupId, String target, String kind, String sha256) {

  /**
   * Returns {@code signed} when it is the recorded manifest; otherwise fails non-retryable, naming
   * the backup, where the manifest was read, and each expected and found value.
   */
  public SignedManifest check(SignedManifest signed, String where) {
    Manifest found = signed.manifest();
    List<String> differences = new ArrayList<>();
    differ(differences, "backup id", backupId, found.backupId());
    differ(differences, "target", target, found.target());
    differ(differences, "kind", kind, found.kind());
    if (!sha256.equalsIgnoreCase(signed.sha256())) {
      differences.add("SHA-256 " + sha256 + " expected, " + signed.sha256() + " found");
    }
    if (differences.isEmpty()) {
      return signed;
    }
    throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + ": the manifest at " + where
        + " is not the one the catalog recorded (" + String.join("; ", differences) + "): it was replaced in"
        + " the bucket, so nothing of it was read; restore the off-site copy or another backup, and check who"
        + " can write to the bucket", FailureTypes.INTEGRITY);
  }

  private static void differ(List<String> differences, String what, String expected, String found) {
    if (!Objects.equals(expected, found)) {
      differences.add(what + " " + expected + " expected, " + found + " found");
    }
  }
}
