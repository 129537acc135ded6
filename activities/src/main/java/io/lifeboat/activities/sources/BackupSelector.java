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
import java.util.function.Function;

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
    BackupEntry backup = find(selector, new Lookup() {
      @Override
      public Optional<BackupEntry> latest() {
        return catalog.latestBackup(target, kind);
      }

      @Override
      public Optional<BackupEntry> before(Instant instant) {
        return catalog.latestBackupBefore(target, kind, instant);
      }

      @Override
      public Optional<BackupEntry> byId(String backupId) {
        return catalog.findBackup(backupId).filter(b -> b.target().equals(target) && kindsById.contains(b.kind()));
      }
    }, wanted -> "no " + kind + " backup of target " + target + " matches '" + wanted + "'; `lifeboat backups`"
        + " lists them");
    return new ResolvedBackup(backup.backupId(), target, backup.recoveryPoint(), rpo.toMillis(), rto.toMillis());
  }

  /** Where the backups a selector picks among are looked up: a target's, or one schema's of it. */
  public interface Lookup {
    Optional<BackupEntry> latest();

    Optional<BackupEntry> before(Instant instant);

    Optional<BackupEntry> byId(String backupId);
  }

  /**
   * The backup {@code selector} (blank: latest) means among those {@code lookup} finds; fails
   * non-retryable with {@code notFound}'s message (given the selector) when there is none.
   */
  public static BackupEntry find(String selector, Lookup lookup, Function<String, String> notFound) {
    String wanted = selector == null || selector.isBlank() ? "latest" : selector.strip();
    Optional<BackupEntry> found;
    if (wanted.equals("latest")) {
      found = lookup.latest();
    } else if (wanted.startsWith(BEFORE)) {
      found = lookup.before(instant(wanted.substring(BEFORE.length())));
    } else {
      found = lookup.byId(wanted);
    }
    return found.orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(notFound.apply(wanted),
        FailureTypes.BACKUP_NOT_FOUND));
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
