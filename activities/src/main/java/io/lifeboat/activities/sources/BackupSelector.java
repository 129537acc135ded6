package io.lifeboat.activities.sources;

import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

/** The backup a selector means: "latest", a backup id, or "before:&lt;ISO-8601 instant&gt;". */
public final class BackupSelector {
  private static final String BEFORE = "before:";

  private BackupSelector() {}

  /**
   * The catalog's backup of {@code kind} of {@code target} that {@code selector} (blank: latest)
   * means; fails non-retryable, naming the selector, when there is none.
   */
  public static ResolvedBackup resolve(Catalog catalog, String target, String kind, String selector, Duration rpo,
      Duration rto) {
    return resolve(catalog, target, kind, Set.of(kind), selector, rpo, rto);
  }

  /** As above; a backup id may also name a backup of one of {@code kindsById} (safety backups). */
  public static ResolvedBackup resolve(Catalog catalog, String target, String kind, Set<String> kindsById,
      String selector, Duration rpo, Duration rto) {
    String wanted = selector == null || selector.isBlank() ? "latest" : selector.strip();
    Optional<BackupEntry> found;
    if (wanted.equals("latest")) {
      found = catalog.latestBackup(target, kind);
    } else if (wanted.startsWith(BEFORE)) {
      found = catalog.latestBackupBefore(target, kind, instant(wanted.substring(BEFORE.length())));
    } else {
      found = catalog.findBackup(wanted).filter(b -> b.target().equals(target) && kindsById.contains(b.kind()));
    }
    BackupEntry backup = found.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
        "no " + kind + " backup of target " + target + " matches '" + wanted + "'; `lifeboat backups` lists them",
        FailureTypes.BACKUP_NOT_FOUND));
    return new ResolvedBackup(backup.backupId(), target, backup.recoveryPoint(), rpo.toMillis(), rto.toMillis());
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw ApplicationFailure.newNonRetryableFailure("'" + text + "' is not an ISO-8601 instant such as "
          + "2026-11-20T02:00:00Z", FailureTypes.BAD_REQUEST);
    }
  }
}
