package io.lifeboat.activities.wal;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.ObjectStore.ObjectInfo;
import io.lifeboat.activities.wal.WalArchive.ArchivedFile;
import io.lifeboat.manifest.Sha256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Copies a target's WAL archive from the primary bucket to one off-site location, file by file:
 * the stored object as it is (compressed and encrypted: the location never sees WAL in clear),
 * with the metadata that describes it, under the same key relative to the location's prefix, so
 * the location holds a WAL archive a recovery reads like the primary's.
 *
 * <p>Idempotent: a file already at the location with the same size and SHA-256 is left alone.
 * A primary object whose bytes do not match its own recorded SHA-256 is never copied.
 */
public final class WalCopier {
  private final String location;
  private final WalArchive primary;
  private final WalArchive copy;
  /** Keys known intact at the location (size and SHA-256 checked), so a pass asks only about new files. */
  private final Set<String> intact = ConcurrentHashMap.newKeySet();

  /** {@code primary} and {@code copy}: the same archive layout in the primary bucket and at the location. */
  public WalCopier(String location, WalArchive primary, WalArchive copy) {
    this.location = location;
    this.primary = primary;
    this.copy = copy;
  }

  public String location() {
    return location;
  }

  /**
   * Copies every file of the target's primary archive the location lacks or holds with another
   * size or SHA-256. With {@code readBack}, a file found there is read whole and hashed (not
   * only its recorded SHA-256 compared): what {@code copies sync} does, trusting nothing.
   *
   * <p>A failure of the location (or of the primary) ends the pass with what it did so far and
   * why it stopped; a single corrupt primary object is reported and the pass goes on.
   */
  public Pass copyMissing(String target, boolean readBack, IntConsumer progress) {
    List<ArchivedFile> files = primary.list(target);
    Map<String, Long> there = new HashMap<>();
    List<String> failures = new ArrayList<>();
    int copied = 0;
    int alreadyThere = 0;
    String newestCopied = null;
    Instant oldestPending = null;
    int pending = 0;
    String stoppedBy = null;
    try {
      copy.list(target).forEach(f -> there.put(f.file().name(), f.storedBytes()));
    } catch (RuntimeException e) {
      stoppedBy = "listing the copy at " + location + ": " + e.getMessage();
    }
    for (ArchivedFile file : files) {
      String key = copy.key(target, file.file());
      boolean done = false;
      if (stoppedBy == null) {
        try {
          if (!readBack && intact.contains(key) && Long.valueOf(file.storedBytes()).equals(there.get(file.file().name()))) {
            done = true;
          } else if (sameAt(target, file, there, readBack)) {
            alreadyThere++;
            done = true;
          } else {
            copyOne(target, file.file());
            copied++;
            done = true;
          }
          if (done) {
            intact.add(key);
            newestCopied = file.file().name();
          }
        } catch (CorruptPrimaryException e) {
          failures.add(e.getMessage());
        } catch (RuntimeException e) {
          stoppedBy = file.file() + ": " + e.getMessage();
        }
      } else {
        done = intact.contains(key); // known intact from an earlier pass
      }
      if (!done) {
        pending++;
        if (oldestPending == null || file.archivedAt().isBefore(oldestPending)) {
          oldestPending = file.archivedAt();
        }
      }
      progress.accept(copied + alreadyThere);
    }
    if (stoppedBy != null) {
      failures.add(stoppedBy);
    }
    return new Pass(target, location, files.size(), copied, alreadyThere, pending, oldestPending, newestCopied,
        List.copyOf(failures));
  }

  /** Whether the location holds this very file: same stored size and SHA-256 (recorded, or read with readBack). */
  private boolean sameAt(String target, ArchivedFile file, Map<String, Long> there, boolean readBack) {
    Long size = there.get(file.file().name());
    if (size == null || size != file.storedBytes()) {
      return false;
    }
    String expected = primary.storedSha256(target, file.file());
    String key = copy.key(target, file.file());
    if (readBack) {
      return expected != null && expected.equals(Sha256.of(copy.store().get(key)));
    }
    return copy.store().head(key).map(o -> expected != null && expected.equals(o.metadata().get(WalArchive.SHA256)))
        .orElse(false);
  }

  private void copyOne(String target, WalFileName file) {
    String from = primary.key(target, file);
    ObjectInfo info = primary.store().head(from).orElseThrow(() -> new IllegalStateException(from
        + " was deleted from the primary bucket while being copied (retention?)"));
    byte[] bytes = primary.store().get(from);
    String recorded = info.metadata().get(WalArchive.SHA256);
    String found = Sha256.of(bytes);
    if (!found.equals(recorded)) {
      throw new CorruptPrimaryException(file + " of target " + target + " is corrupt in the primary bucket (SHA-256 "
          + found + " where its metadata says " + recorded + "): not copied to " + location);
    }
    copy.store().put(copy.key(target, file), bytes, info.metadata());
  }

  /**
   * One pass over a target's archive.
   *
   * @param files files in the primary archive
   * @param copied files written to the location by this pass
   * @param alreadyThere files found intact at the location
   * @param pending files not (yet) intact at the location
   * @param oldestPendingAt when the oldest pending file was archived; null when none is pending
   * @param failures one line per file that could not be copied, with the cause
   */
  public record Pass(String target, String location, int files, int copied, int alreadyThere, int pending,
      Instant oldestPendingAt, String newestCopied, List<String> failures) {}

  private static final class CorruptPrimaryException extends RuntimeException {
    CorruptPrimaryException(String message) {
      super(message);
    }
  }
}
