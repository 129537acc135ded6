package io.lifeboat.activities.wal;

import io.lifeboat.activities.storage.ObjectStore.ObjectInfo;
import io.lifeboat.activities.wal.WalArchive.ArchivedFile;
import io.lifeboat.manifest.Sha256;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Copies a target's WAL archive from the primary bucket to one off-site location, file by file:
 * the stored object as it is (compressed and encrypted: the location never sees WAL in clear),
 * with the metadata that describes it and its signature, under the same key relative to the
 * location's prefix, so the location holds a WAL archive a recovery reads like the primary's.
 *
 * <p>Three ways in, from the cheapest: {@link #copyArchived} one file just archived (HEADs, then
 * the copy: no listing); {@link #catchUp} what was archived since the newest file known copied
 * (both archives listed from that key on: S3's start-after); {@link #copyMissing} the whole
 * archive. Between them it remembers, per target, how far the copy is known intact and which
 * files are pending, so what it reports about the location's lag stays true whichever ran last.
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
  private final Map<String, Backlog> backlogs = new HashMap<>();

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
  public synchronized Pass copyMissing(String target, boolean readBack, IntConsumer progress) {
    return pass(target, null, readBack, progress);
  }

  /**
   * Like {@link #copyMissing}, but lists both archives only after the newest file known intact
   * at the location with everything before it (the whole archive the first time), and retries
   * one by one the files archived out of key order whose copy failed.
   */
  public synchronized Pass catchUp(String target) {
    return pass(target, backlog(target).copiedThrough, false, n -> {});
  }

  /**
   * Copies one file just archived, without listing anything: a HEAD of it in the primary and at
   * the location, then the copy unless the location holds it intact. A failure leaves the file
   * pending (the next pass retries it) and is the pass's one failure.
   *
   * @param archivedAt when it was archived, for the lag while it is pending
   */
  public synchronized Pass copyArchived(String target, WalFileName file, Instant archivedAt) {
    Backlog backlog = backlog(target);
    List<String> failures = new ArrayList<>();
    int[] counts = copyOneChecked(target, file, archivedAt, backlog, failures);
    return result(target, backlog, 1, counts[0], counts[1], failures);
  }

  private Pass pass(String target, WalFileName after, boolean readBack, IntConsumer progress) {
    Backlog backlog = backlog(target);
    List<ArchivedFile> files = primary.listAfter(target, after);
    // Pending files listed again are looked at below; those before `after` arrived out of key order.
    List<Map.Entry<WalFileName, Instant>> earlier = after == null ? List.of() : backlog.pending.entrySet().stream()
        .filter(p -> sortsUpTo(target, p.getKey(), after)).map(p -> Map.entry(p.getKey(), p.getValue())).toList();
    backlog.pending.clear();
    earlier.forEach(p -> backlog.pending.put(p.getKey(), p.getValue()));
    Map<String, Long> there = new HashMap<>();
    List<String> failures = new ArrayList<>();
    int copied = 0;
    int alreadyThere = 0;
    boolean allDoneSoFar = true;
    String stoppedBy = null;
    try {
      copy.listAfter(target, after).forEach(f -> there.put(f.file().name(), f.storedBytes()));
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
            copyFrom(target, file.file(), headPrimary(target, file.file()));
            copied++;
            done = true;
          }
        } catch (CorruptPrimaryException e) {
          failures.add(e.getMessage());
        } catch (RuntimeException e) {
          stoppedBy = file.file() + ": " + e.getMessage();
        }
      } else {
        done = intact.contains(key); // known intact from an earlier pass
      }
      if (done) {
        copiedIntact(target, file.file(), backlog);
        if (allDoneSoFar) {
          backlog.copiedThrough = file.file();
        }
      } else {
        allDoneSoFar = false;
        backlog.pending.put(file.file(), file.archivedAt());
      }
      progress.accept(copied + alreadyThere);
    }
    for (Map.Entry<WalFileName, Instant> out : earlier) {
      if (stoppedBy == null) {
        int[] counts = copyOneChecked(target, out.getKey(), out.getValue(), backlog, failures);
        copied += counts[0];
        alreadyThere += counts[1];
      }
    }
    if (stoppedBy != null) {
      failures.add(stoppedBy);
    }
    return result(target, backlog, files.size(), copied, alreadyThere, failures);
  }

  /** Copies one file by HEADs alone; returns {copied, already there}; a failure is added to {@code failures}. */
  private int[] copyOneChecked(String target, WalFileName file, Instant archivedAt, Backlog backlog,
      List<String> failures) {
    try {
      Optional<ObjectInfo> source = primary.store().head(primary.key(target, file));
      if (source.isEmpty()) {
        backlog.pending.remove(file); // deleted from the primary since (retention): nothing to copy
        return new int[] {0, 0};
      }
      Optional<ObjectInfo> there = copy.store().head(copy.key(target, file));
      String recorded = source.get().metadata().get(WalArchive.SHA256);
      boolean same = there.isPresent() && there.get().size() == source.get().size() && recorded != null
          && Objects.equals(recorded, there.get().metadata().get(WalArchive.SHA256)) && signedThere(target, file);
      if (!same) {
        copyFrom(target, file, source.get());
      }
      copiedIntact(target, file, backlog);
      return same ? new int[] {0, 1} : new int[] {1, 0};
    } catch (CorruptPrimaryException e) {
      failures.add(e.getMessage());
    } catch (RuntimeException e) {
      failures.add(file + ": " + e.getMessage());
    }
    backlog.pending.putIfAbsent(file, archivedAt);
    return new int[] {0, 0};
  }

  private void copiedIntact(String target, WalFileName file, Backlog backlog) {
    intact.add(copy.key(target, file));
    backlog.pending.remove(file);
    if (backlog.newestCopied == null || file.compareTo(backlog.newestCopied) > 0) {
      backlog.newestCopied = file;
    }
  }

  private Pass result(String target, Backlog backlog, int files, int copied, int alreadyThere, List<String> failures) {
    Instant oldestPending = backlog.pending.values().stream().min(Instant::compareTo).orElse(null);
    return new Pass(target, location, files, copied, alreadyThere, backlog.pending.size(), oldestPending,
        backlog.newestCopied == null ? null : backlog.newestCopied.name(), List.copyOf(failures));
  }

  private Backlog backlog(String target) {
    return backlogs.computeIfAbsent(target, t -> new Backlog());
  }

  private boolean sortsUpTo(String target, WalFileName file, WalFileName after) {
    return primary.key(target, file).compareTo(primary.key(target, after)) <= 0;
  }

  /** Whether the location holds this very file: same stored size and SHA-256 (recorded, or read with readBack). */
  private boolean sameAt(String target, ArchivedFile file, Map<String, Long> there, boolean readBack) {
    Long size = there.get(file.file().name());
    if (size == null || size != file.storedBytes()) {
      return false;
    }
    String expected = primary.storedSha256(target, file.file());
    String key = copy.key(target, file.file());
    boolean same = readBack ? expected != null && expected.equals(Sha256.of(copy.store().get(key)))
        : copy.store().head(key).map(o -> expected != null && expected.equals(o.metadata().get(WalArchive.SHA256)))
            .orElse(false);
    return same && signedThere(target, file.file());
  }

  /** Whether the location holds the file's signature, or the primary has none to copy either. */
  private boolean signedThere(String target, WalFileName file) {
    return copy.store().exists(WalArchive.signatureKey(copy.key(target, file)))
        || !primary.store().exists(WalArchive.signatureKey(primary.key(target, file)));
  }

  private ObjectInfo headPrimary(String target, WalFileName file) {
    String from = primary.key(target, file);
    return primary.store().head(from).orElseThrow(() -> new IllegalStateException(from
        + " was deleted from the primary bucket while being copied (retention?)"));
  }

  private void copyFrom(String target, WalFileName file, ObjectInfo info) {
    byte[] bytes = primary.store().get(info.key());
    String recorded = info.metadata().get(WalArchive.SHA256);
    String found = Sha256.of(bytes);
    if (!found.equals(recorded)) {
      throw new CorruptPrimaryException(file + " of target " + target + " is corrupt in the primary bucket (SHA-256 "
          + found + " where its metadata says " + recorded + "): not copied to " + location);
    }
    Optional<byte[]> signature = primary.signature(info.key());
    if (signature.isPresent()) { // the signature first, as when archiving: never an object without one
      copy.store().put(WalArchive.signatureKey(copy.key(target, file)), signature.get());
    }
    copy.store().put(copy.key(target, file), bytes, info.metadata());
  }

  /** How far a target's copy is known to be between passes (for the loop; a sync starts afresh). */
  private static final class Backlog {
    /** This file, and every file whose key sorts before its, was intact at the location when last seen. */
    WalFileName copiedThrough;
    /** Files not intact at the location yet, with when they were archived. */
    final TreeMap<WalFileName, Instant> pending = new TreeMap<>();
    WalFileName newestCopied;
  }

  /**
   * One pass over a target's archive (or one file of it).
   *
   * @param files files looked at in the primary archive (all of them for {@link #copyMissing})
   * @param copied files written to the location by this pass
   * @param alreadyThere files found intact at the location
   * @param pending files of the whole archive known not (yet) intact at the location
   * @param oldestPendingAt when the oldest pending file was archived; null when none is pending
   * @param newestCopied the newest file known intact at the location
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
