package io.lifeboat.activities.files;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.files.FreshFiles;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.manifest.Sha256;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Restores a file-set backup from its index alone: directories first, then each pack the selected
 * files live in (this backup's or earlier ones') streamed once, in order, with each file's bytes
 * cut out at its offset, checked against its SHA-256 and moved into place atomically; symlinks;
 * then modes, owners (when run as root) and mtimes, directories deepest first. Files at the
 * destination that are not in the backup are left alone.
 */
public final class FileSetRestore {
  private final BackupStore backups;
  private final StoredBackups stored;

  public FileSetRestore(BackupStore backups, StoredBackups stored) {
    this.backups = backups;
    this.stored = stored;
  }

  /**
   * @param subPath an original absolute path to restore alone; null restores everything
   * @param destination a directory to restore under; null restores to the original paths
   */
  public FilesRestoreReport run(SignedManifest backup, String subPath, Path destination, LongConsumer progress) {
    FileIndex.Contents index = FileIndex.read(stored, backup);
    String selected = subPath == null || subPath.isBlank() ? null : normalize(subPath);
    List<FileEntry> entries = index.entries().stream().filter(e -> selected == null || e.path().equals(selected)
        || e.path().startsWith(selected.endsWith("/") ? selected : selected + "/")).toList();
    if (entries.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backup.manifest().backupId() + " holds nothing at "
          + selected + "; restore a path the backup contains", FailureTypes.BAD_REQUEST);
    }
    FilePlacement placement = destination == null ? FilePlacement.original(index.roots())
        : FilePlacement.under(destination, index.roots());
    return restore(backup, entries, placement, progress);
  }

  /** Restores {@code entries} of {@code backup}'s index where {@code placement} puts them. */
  FilesRestoreReport restore(SignedManifest backup, List<FileEntry> entries, FilePlacement placement,
      LongConsumer progress) {
    Run run = new Run(backup, placement, progress);
    try {
      run.restore(entries);
    } catch (IOException e) {
      throw new UncheckedIOException("restore of backup " + backup.manifest().backupId() + " failed: "
          + e.getMessage(), e);
    }
    return new FilesRestoreReport(run.files, run.directories, run.symlinks, run.bytes, run.mismatches, run.warnings);
  }

  private static String normalize(String path) {
    String normalized = Path.of(path).normalize().toString();
    return normalized.length() > 1 && normalized.endsWith("/") ? normalized.substring(0, normalized.length() - 1)
        : normalized;
  }

  private final class Run {
    final SignedManifest backup;
    final FilePlacement placement;
    final LongConsumer progress;
    final boolean root = isRoot();
    final Map<String, SignedManifest> manifests = new HashMap<>();
    final List<String> mismatches = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    int files;
    int directories;
    int symlinks;
    long bytes;

    Run(SignedManifest backup, FilePlacement placement, LongConsumer progress) {
      this.backup = backup;
      this.placement = placement;
      this.progress = progress;
      manifests.put(backup.manifest().backupId(), backup);
    }

    void restore(List<FileEntry> entries) throws IOException {
      for (FileEntry e : entries) { // before anything is written
        if (!placement.of(e).equals(placement.base(e))) {
          LinkFreeDirectories.check(placement.base(e), directoryOf(e));
        }
      }
      List<FileEntry> dirs = new ArrayList<>();
      Map<String, List<FileEntry>> byPack = new LinkedHashMap<>();
      for (FileEntry e : entries) {
        if (e.isDirectory()) {
          makeDirectories(e);
          dirs.add(e);
        } else if (e.isFile()) {
          makeDirectories(e);
          if (e.size() == 0) {
            Path target = placement.of(e);
            Path temp = temp(target);
            FreshFiles.create(temp).close();
            place(e, temp, target);
          } else {
            byPack.computeIfAbsent(e.backup() + "/" + e.object(), k -> new ArrayList<>()).add(e);
          }
        }
      }
      for (List<FileEntry> packed : byPack.values()) {
        extract(packed);
      }
      for (FileEntry e : entries) {
        if (e.isSymlink()) {
          symlink(e);
        }
      }
      dirs.sort(Comparator.comparingInt((FileEntry e) -> Path.of(e.path()).getNameCount()).reversed());
      for (FileEntry dir : dirs) {
        metadata(dir, placement.of(dir), false);
        directories++;
      }
    }

    /** Streams one pack and cuts the files out of it, in offset order. */
    void extract(List<FileEntry> packed) throws IOException {
      packed.sort(Comparator.comparingLong(FileEntry::offset));
      FileEntry first = packed.get(0);
      SignedManifest owner = manifests.computeIfAbsent(first.backup(), id -> stored.referenced(backup, id));
      Manifest.StoredObject object = owner.manifest().objects().stream()
          .filter(o -> o.name().equals(first.object())).findFirst()
          .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup " + first.backup() + " has no object "
              + first.object() + ", which backup " + backup.manifest().backupId() + " references; restore another"
              + " backup", FailureTypes.INTEGRITY));
      try (Cutter cutter = new Cutter(packed)) {
        stored.read(owner, object, cutter, b -> {});
        cutter.checkComplete();
      }
    }

    /** The directory an entry is (a directory) or is in (a file, a symlink). */
    Path directoryOf(FileEntry e) {
      return e.isDirectory() ? placement.of(e) : placement.of(e).getParent();
    }

    /** Creates {@link #directoryOf} an entry: below its root's place without following a link. */
    void makeDirectories(FileEntry e) throws IOException {
      if (placement.of(e).equals(placement.base(e))) {
        Files.createDirectories(directoryOf(e)); // the place itself (or, for a file root, its parent)
      } else {
        LinkFreeDirectories.create(placement.base(e), directoryOf(e));
      }
    }

    /** A backed-up symlink is restored as the link itself, never followed: nothing is written through it. */
    void symlink(FileEntry e) throws IOException {
      Path target = placement.of(e);
      makeDirectories(e);
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          warn(target + " is a directory where the backup has a symlink; left as it is");
          return;
        }
        Files.delete(target);
      }
      Files.createSymbolicLink(target, Path.of(e.link()));
      metadata(e, target, true);
      symlinks++;
    }

    /** Moves a written, checked file into place and gives it its metadata. */
    void place(FileEntry e, Path temp, Path target) throws IOException {
      metadata(e, temp, false);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (DirectoryNotEmptyException e2) {
        Files.delete(temp);
        warn(target + " is a non-empty directory where the backup has a file; left as it is");
        return;
      }
      files++;
    }

    void metadata(FileEntry e, Path path, boolean symlink) throws IOException {
      LinkOption[] noFollow = {LinkOption.NOFOLLOW_LINKS};
      if (root) {
        // chown before chmod: chown clears setuid/setgid
        Files.setAttribute(path, "unix:uid", (int) e.uid(), noFollow);
        Files.setAttribute(path, "unix:gid", (int) e.gid(), noFollow);
      }
      if (!symlink) {
        Files.setAttribute(path, "unix:mode", e.mode(), noFollow);
      }
      FileTime mtime = FileTime.from(Instant.ofEpochSecond(e.mtime(), e.mtimeNanos()));
      Files.getFileAttributeView(path, BasicFileAttributeView.class, noFollow).setTimes(mtime, null, null);
    }

    void warn(String warning) {
      if (warnings.size() < 20) {
        warnings.add(warning);
      }
    }

    /**
     * The sink a pack streams into: skips to each wanted file's offset, writes its bytes to a
     * temporary file beside the target while hashing them, and places it when complete and equal.
     */
    private final class Cutter extends OutputStream {
      final List<FileEntry> wanted;
      final MessageDigest sha256 = Sha256.newDigest();
      int next;
      long position;
      OutputStream current;
      Path currentTemp;
      long currentRemaining;

      Cutter(List<FileEntry> wanted) {
        this.wanted = wanted;
      }

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
          if (current == null) {
            if (next >= wanted.size()) {
              position += len;
              return;
            }
            long start = wanted.get(next).offset();
            if (position < start) {
              int skip = (int) Math.min(len, start - position);
              position += skip;
              off += skip;
              len -= skip;
              continue;
            }
            open(wanted.get(next));
          }
          int n = (int) Math.min(len, currentRemaining);
          current.write(b, off, n);
          sha256.update(b, off, n);
          position += n;
          off += n;
          len -= n;
          currentRemaining -= n;
          bytes += n;
          progress.accept(bytes);
          if (currentRemaining == 0) {
            completeCurrent();
          }
        }
      }

      void open(FileEntry e) throws IOException {
        Path target = placement.of(e);
        currentTemp = temp(target);
        current = Channels.newOutputStream(FreshFiles.create(currentTemp));
        currentRemaining = e.size();
        sha256.reset();
      }

      void completeCurrent() throws IOException {
        FileEntry e = wanted.get(next++);
        current.close();
        current = null;
        String actual = Sha256.hex(sha256);
        if (!actual.equals(e.sha256())) {
          Files.deleteIfExists(currentTemp);
          mismatches.add(e.path() + ": SHA-256 " + actual + " but the index records " + e.sha256());
          return;
        }
        place(e, currentTemp, placement.of(e));
      }

      void checkComplete() {
        if (next < wanted.size()) {
          mismatches.add(wanted.get(next).path() + ": the pack " + wanted.get(next).object() + " ends before it");
        }
      }

      @Override
      public void close() throws IOException {
        if (current != null) {
          current.close();
          Files.deleteIfExists(currentTemp);
          current = null;
        }
      }
    }
  }

  private static Path temp(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".lifeboat-restore");
  }

  static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

}
