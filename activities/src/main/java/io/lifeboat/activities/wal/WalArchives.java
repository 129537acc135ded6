package io.lifeboat.activities.wal;

import io.lifeboat.activities.artifact.IntegrityException;
import io.lifeboat.activities.storage.StorageException;
import io.lifeboat.activities.wal.WalArchive.ArchivedFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A target's WAL archive as recoveries read it: the primary bucket's, or, when the primary cannot
 * be listed (unreachable, bucket gone) or holds nothing for the target, the first off-site
 * location whose copy of it answers. Archiving always writes the primary.
 */
public final class WalArchives {
  public static final String PRIMARY = "primary";
  private static final Logger LOG = LoggerFactory.getLogger(WalArchives.class);

  private final WalArchive primary;
  private final Map<String, WalArchive> copies;
  private final BiPredicate<String, String> holds;

  /**
   * @param copies each off-site location's archive, by name, in the configuration's order
   * @param holds whether a location (first argument) takes the WAL of a target (second)
   */
  public WalArchives(WalArchive primary, Map<String, WalArchive> copies, BiPredicate<String, String> holds) {
    this.primary = primary;
    this.copies = new LinkedHashMap<>(copies);
    this.holds = holds;
  }

  /** Reads the primary only. */
  public static WalArchives primaryOnly(WalArchive primary) {
    return new WalArchives(primary, Map.of(), (location, target) -> false);
  }

  public WalArchive primary() {
    return primary;
  }

  /** The archive to read the target's WAL from now, with its files; fails when none can be listed. */
  public Reading reading(String target) {
    String problem;
    RuntimeException primaryFailure = null;
    try {
      List<ArchivedFile> files = primary.list(target);
      if (!files.isEmpty() || copies.isEmpty()) {
        return new Reading(PRIMARY, primary, files, null);
      }
      problem = "the primary bucket holds no WAL of target " + target;
    } catch (StorageException e) {
      if (copies.isEmpty()) {
        throw e;
      }
      primaryFailure = e;
      problem = e.getMessage();
    }
    List<String> tried = new ArrayList<>();
    for (Map.Entry<String, WalArchive> copy : copies.entrySet()) {
      if (!holds.test(copy.getKey(), target)) {
        continue;
      }
      try {
        List<ArchivedFile> files = copy.getValue().list(target);
        if (!files.isEmpty()) {
          LOG.warn("WAL of target {}: reading the off-site copy at {}, not the primary bucket ({})", target,
              copy.getKey(), problem);
          return new Reading(copy.getKey(), copy.getValue(), files, problem);
        }
        tried.add(copy.getKey() + ": no WAL of target " + target);
      } catch (StorageException e) {
        tried.add(copy.getKey() + ": " + e.getMessage());
      }
    }
    if (primaryFailure == null) {
      return new Reading(PRIMARY, primary, List.of(), null);
    }
    throw new StorageException(problem + "; no off-site copy of the WAL answered either"
        + (tried.isEmpty() ? " (no location under storage.copies takes target " + target + ")"
        : ": " + String.join("; ", tried)), primaryFailure);
  }

  /**
   * A file, checked, from the primary or else the first off-site copy that holds it; empty when
   * none does (PostgreSQL asks for files that do not exist: that is normal). A primary object that
   * fails its checks (corrupt, forged, unsigned) is read from a copy that passes them, or refused.
   */
  public Optional<byte[]> fetch(String target, WalFileName file) {
    StorageException primaryFailure = null;
    IntegrityException primaryDamage = null;
    IntegrityException copyDamage = null;
    boolean copyAnswered = false;
    try {
      Optional<byte[]> found = primary.fetch(target, file);
      if (found.isPresent()) {
        return found;
      }
    } catch (StorageException e) {
      primaryFailure = e;
    } catch (IntegrityException e) {
      primaryDamage = e;
    }
    for (Map.Entry<String, WalArchive> copy : copies.entrySet()) {
      if (!holds.test(copy.getKey(), target)) {
        continue;
      }
      try {
        Optional<byte[]> found = copy.getValue().fetch(target, file);
        if (found.isPresent()) {
          if (primaryDamage != null) {
            LOG.warn("WAL file {} of target {}: read from the off-site copy at {}: {}", file, target, copy.getKey(),
                primaryDamage.getMessage());
          }
          return found;
        }
        copyAnswered = true;
      } catch (StorageException e) {
        LOG.warn("WAL file {} of target {}: the off-site copy at {} failed too: {}", file, target, copy.getKey(),
            e.getMessage());
      } catch (IntegrityException e) {
        LOG.warn("WAL file {} of target {}: the off-site copy at {} failed too: {}", file, target, copy.getKey(),
            e.getMessage());
        copyDamage = copyDamage == null ? e : copyDamage;
      }
    }
    // A file that exists but fails its checks is never reported missing: PostgreSQL would end the recovery there.
    if (primaryDamage != null || copyDamage != null) {
      throw primaryDamage != null ? primaryDamage : copyDamage;
    }
    if (primaryFailure != null && !copyAnswered) {
      throw primaryFailure;
    }
    return Optional.empty();
  }

  /**
   * Where a target's WAL is read from and what it holds there.
   *
   * @param location {@link #PRIMARY} or the off-site location's name
   * @param primaryProblem why the primary is not read; null when it is
   */
  public record Reading(String location, WalArchive archive, List<ArchivedFile> files, String primaryProblem) {}
}
