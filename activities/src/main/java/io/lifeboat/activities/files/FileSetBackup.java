package io.lifeboat.activities.files;

import io.lifeboat.activities.artifact.ArtifactSink;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.StoredObject;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.manifest.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;

/**
 * One backup of a file set: walks the tree (depth first, names sorted), writes what changed since
 * the parent backup into tar packs, and every entry, changed or not, into the index. A file whose
 * size, mtime (to the nanosecond) and inode equal the parent's entry is not read again: its entry
 * points at the content the parent points at. Directories and symlinks go into every pack's tar
 * stream (a few hundred bytes each), so a full backup's pack extracts with plain {@code tar}.
 *
 * <p>A pack is closed once its compressed size reaches half an upload part (or its tar stream
 * {@code packLimit}), so most packs are stored with one PutObject: no multipart upload to
 * complete, and a single-file restore reads a few MiB. Closed packs finish (end of the zstd frame
 * and the OpenPGP message, the upload) in the background, at most {@link #PACKS_FINISHING} at a
 * time, while the walk fills the next one.
 */
public final class FileSetBackup {
  static final long DEFAULT_PACK_LIMIT = 256L << 20;
  private static final int PACKS_FINISHING = 2;
  private static final int BUFFER = 1 << 18;

  private final BackupStore backups;
  private final StoredBackups stored;
  private final ArtifactWriter writer;
  private final Manifest.Encryption encryption;
  private final Map<String, String> tools;
  private final long packLimit;

  public FileSetBackup(BackupStore backups, StoredBackups stored, ArtifactWriter writer,
      Manifest.Encryption encryption, Map<String, String> tools) {
    this(backups, stored, writer, encryption, tools, DEFAULT_PACK_LIMIT);
  }

  FileSetBackup(BackupStore backups, StoredBackups stored, ArtifactWriter writer,
      Manifest.Encryption encryption, Map<String, String> tools, long packLimit) {
    this.backups = backups;
    this.stored = stored;
    this.writer = writer;
    this.encryption = encryption;
    this.tools = tools;
    this.packLimit = packLimit;
  }

  /**
   * What a backup stored, with its counts (also kept in the manifest's {@code rowCounts}) and what
   * changed since the parent ({@link FileChanges#NONE} without one).
   */
  public record Outcome(Manifest manifest, String manifestKey, FileCounts counts, List<String> warnings,
      FileChanges changes) {}

  /**
   * Backs up {@code target} as {@code backupId}, reusing the content of {@code parent}'s
   * unchanged files (null: a standalone backup).
   */
  public Outcome run(FileSetTarget target, String backupId, SignedManifest parent, Manifest.WorkflowRun run,
      LongConsumer progress) {
    String manifestKey = backups.manifestKey(target.name(), target.kind(), backupId);
    Instant startedAt = Instant.now();
    Map<String, FileEntry> previous = parent == null ? Map.of() : previousFiles(parent);
    Walk walk = new Walk(target, backupId, manifestKey, previous, progress);
    try (ArtifactSink index = writer.open(BackupStore.objectKey(manifestKey, FileIndex.OBJECT), bytes -> {})) {
      walk.index = index;
      index.write(FileIndex.line(new FileIndex.Header(FileIndex.FORMAT, target.name(),
          target.paths().stream().map(Path::toString).toList())));
      for (Path root : target.paths()) {
        walk.root(root);
      }
      walk.closePack();
      List<Manifest.StoredObject> objects = walk.finishPacks();
      StoredObject indexObject = index.finish();
      objects.add(manifestObject(FileIndex.OBJECT, indexObject));
      long raw = objects.stream().mapToLong(Manifest.StoredObject::rawBytes).sum();
      long storedBytes = objects.stream().mapToLong(Manifest.StoredObject::storedBytes).sum();
      Map<String, String> toolVersions = new TreeMap<>(tools);
      toolVersions.put("file-index", Integer.toString(FileIndex.FORMAT));
      FileChanges changes = parent == null ? FileChanges.NONE : FileChanges.between(hashes(previous), walk.hashes);
      if (parent != null) {
        walk.counts.added = changes.added().size();
        walk.counts.removed = changes.removed().size();
        walk.counts.modified = changes.modified().size();
      }
      Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, backupId, target.name(), target.kind(), null,
          Instant.now(), new Manifest.RecoveryPoint(startedAt, null), toolVersions, raw, storedBytes, objects,
          encryption, parent == null ? null : parent.manifest().backupId(), run, walk.counts.asMap());
      backups.writeManifest(manifest);
      return new Outcome(manifest, manifestKey, walk.counts, walk.warnings, changes);
    } catch (IOException e) {
      throw new UncheckedIOException("backup of file set " + target.name() + " failed: " + e.getMessage(), e);
    } finally {
      walk.abandonPacks();
    }
  }

  /**
   * What changed from {@code parent} to {@code backup}, both complete backups of one file set, from
   * their indexes ({@link FileChanges#NONE} without a parent).
   */
  public FileChanges changes(SignedManifest backup, SignedManifest parent) {
    return parent == null ? FileChanges.NONE
        : FileChanges.between(hashes(previousFiles(parent)), hashes(previousFiles(backup)));
  }

  private static Map<String, String> hashes(Map<String, FileEntry> files) {
    Map<String, String> hashes = new HashMap<>();
    files.forEach((path, e) -> hashes.put(path, e.sha256()));
    return hashes;
  }

  /** The parent's regular files by path, streamed out of its index. */
  private Map<String, FileEntry> previousFiles(SignedManifest parent) {
    Map<String, FileEntry> files = new HashMap<>();
    Manifest.StoredObject index = parent.manifest().objects().stream()
        .filter(o -> o.name().equals(FileIndex.OBJECT)).findFirst()
        .orElseThrow(() -> new IllegalStateException("backup " + parent.manifest().backupId() + " has no file index"));
    stored.read(parent, index, FileIndex.reader(h -> {}, e -> {
      if (e.isFile()) {
        files.put(e.path(), e);
      }
    }), bytes -> {});
    return files;
  }

  static Manifest.StoredObject manifestObject(String name, StoredObject object) {
    return new Manifest.StoredObject(name, object.rawBytes(), object.storedBytes(), object.sha256());
  }

  static String packName(int number) {
    return String.format("pack-%06d.tar.zst.pgp", number);
  }

  /** The state of one walk: the open pack, the counts, the warnings. */
  private final class Walk {
    final FileSetTarget target;
    final String backupId;
    final String manifestKey;
    final Map<String, FileEntry> previous;
    final LongConsumer progress;
    /** Closed packs, in order: their names and their finishing (in the background). */
    final List<String> packNames = new ArrayList<>();
    final List<CompletableFuture<StoredObject>> packs = new ArrayList<>();
    final Deque<CompletableFuture<StoredObject>> finishing = new ArrayDeque<>();
    final ExecutorService finisher = Executors.newFixedThreadPool(PACKS_FINISHING, runnable -> {
      Thread thread = new Thread(runnable, "finish packs");
      thread.setDaemon(true);
      return thread;
    });
    final long packStoredLimit = writer.partSize() / 2;
    final FileCounts counts = new FileCounts();
    final List<String> warnings = new ArrayList<>();
    final Map<Integer, String> users = new HashMap<>();
    final Map<Integer, String> groups = new HashMap<>();
    final List<PathMatcher> nameExcludes = new ArrayList<>();
    final List<PathMatcher> pathExcludes = new ArrayList<>();
    final List<PathMatcher> nameIncludes = new ArrayList<>();
    final List<PathMatcher> pathIncludes = new ArrayList<>();
    /** SHA-256 of each regular file backed up, by path: what the next backup's changes compare with. */
    final Map<String, String> hashes = new HashMap<>();
    final byte[] buffer = new byte[BUFFER];
    final MessageDigest sha256 = Sha256.newDigest();
    ArtifactSink index;
    ArtifactSink pack;
    TarWriter tar;
    String packName;
    Path currentRoot;

    Walk(FileSetTarget target, String backupId, String manifestKey, Map<String, FileEntry> previous,
        LongConsumer progress) {
      this.target = target;
      this.backupId = backupId;
      this.manifestKey = manifestKey;
      this.previous = previous;
      this.progress = progress;
      for (String pattern : target.excludes()) {
        (pattern.contains("/") ? pathExcludes : nameExcludes)
            .add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
      }
      for (String pattern : target.includes()) {
        (pattern.contains("/") ? pathIncludes : nameIncludes)
            .add(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
      }
    }

    void root(Path root) throws IOException {
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        throw new IllegalStateException("path " + root + " of file set " + target.name()
            + " does not exist (is the volume mounted?); nothing was stored");
      }
      currentRoot = root;
      visit(root);
    }

    void visit(Path path) throws IOException {
      Map<String, Object> stat;
      try {
        stat = Files.readAttributes(path, "unix:mode,uid,gid,ino,size,lastModifiedTime,isDirectory,"
            + "isRegularFile,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        warn(path + " disappeared during the backup");
        return;
      }
      FileTime mtime = (FileTime) stat.get("lastModifiedTime");
      Instant modified = mtime.toInstant();
      int uid = (Integer) stat.get("uid");
      int gid = (Integer) stat.get("gid");
      String type;
      if ((Boolean) stat.get("isDirectory")) {
        type = FileEntry.DIRECTORY;
      } else if ((Boolean) stat.get("isSymbolicLink")) {
        type = FileEntry.SYMLINK;
      } else if ((Boolean) stat.get("isRegularFile")) {
        type = FileEntry.FILE;
      } else {
        counts.skipped++;
        warn(path + " is a special file (device, socket or pipe); not backed up");
        return;
      }
      if (!type.equals(FileEntry.DIRECTORY) && !included(path)) {
        return;
      }
      String link = type.equals(FileEntry.SYMLINK) ? Files.readSymbolicLink(path).toString() : null;
      long size = type.equals(FileEntry.FILE) ? (Long) stat.get("size") : 0;
      FileEntry entry = new FileEntry(path.toString(), currentRoot.toString(), type, (Integer) stat.get("mode") & 07777,
          uid, gid, user(path, uid), group(path, gid), size, modified.getEpochSecond(), modified.getNano(),
          type.equals(FileEntry.FILE) ? (Long) stat.get("ino") : null, link, null, null, null, null);
      switch (type) {
        case FileEntry.DIRECTORY -> {
          header(entry, TarWriter.Type.DIRECTORY);
          index.write(FileIndex.line(entry));
          counts.directories++;
          for (Path child : children(path)) {
            visit(child);
          }
        }
        case FileEntry.SYMLINK -> {
          header(entry, TarWriter.Type.SYMLINK);
          index.write(FileIndex.line(entry));
          counts.symlinks++;
        }
        default -> file(path, entry);
      }
    }

    void file(Path path, FileEntry entry) throws IOException {
      counts.files++;
      counts.bytes += entry.size();
      FileEntry earlier = previous.get(entry.path());
      if (entry.unchangedSince(earlier)) {
        counts.reused++;
        hashes.put(entry.path(), earlier.sha256());
        index.write(FileIndex.line(entry.storedAs(earlier)));
        return;
      }
      if (pack != null && (tar.position() >= packLimit || pack.compressedBytes() >= packStoredLimit)) {
        closePack();
      }
      header(entry, TarWriter.Type.FILE);
      long offset = tar.position();
      sha256.reset();
      long remaining = entry.size();
      try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
        while (remaining > 0) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
          if (n < 0) {
            break;
          }
          sha256.update(buffer, 0, n);
          tar.data(buffer, 0, n);
          remaining -= n;
          counts.stored += n;
          progress.accept(counts.stored);
        }
        if (remaining > 0) {
          warn(path + " shrank while it was read; stored padded with zeros, back it up again");
          java.util.Arrays.fill(buffer, (byte) 0);
          while (remaining > 0) {
            int n = (int) Math.min(buffer.length, remaining);
            sha256.update(buffer, 0, n);
            tar.data(buffer, 0, n);
            remaining -= n;
          }
        } else if (in.read() >= 0) {
          warn(path + " grew while it was read; stored its first " + entry.size() + " bytes");
        }
      } catch (NoSuchFileException e) {
        throw new IllegalStateException(path + " disappeared while it was read; run the backup again", e);
      }
      tar.endData(entry.size());
      counts.changed++;
      String hash = Sha256.hex(sha256);
      hashes.put(entry.path(), hash);
      index.write(FileIndex.line(entry.withContent(hash, backupId, packName, offset)));
    }

    void header(FileEntry entry, TarWriter.Type type) throws IOException {
      if (pack == null) {
        openPack();
      }
      String name = entry.path().substring(1) + (type == TarWriter.Type.DIRECTORY ? "/" : "");
      tar.header(new TarWriter.Header(name.isEmpty() ? "./" : name, type, entry.mode(), entry.uid(), entry.gid(),
          entry.user(), entry.group(), entry.size(), entry.mtime(), entry.mtimeNanos(), entry.link()));
    }

    void openPack() {
      packName = packName(packNames.size() + 1);
      pack = writer.open(BackupStore.objectKey(manifestKey, packName), bytes -> {});
      tar = new TarWriter(pack);
    }

    /** Ends the open pack's tar stream and hands the pack to the background to finish. */
    void closePack() throws IOException {
      if (pack == null) {
        return;
      }
      awaitPacks(PACKS_FINISHING - 1); // on failure the open pack stays open, for abandonPacks to abort
      tar.finish();
      ArtifactSink closing = pack;
      pack = null;
      packNames.add(packName);
      CompletableFuture<StoredObject> finished = CompletableFuture.supplyAsync(() -> {
        try (closing) {
          return closing.finish();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, finisher);
      packs.add(finished);
      finishing.addLast(finished);
    }

    /** Waits until at most {@code inFlight} packs are still finishing; throws if one failed. */
    void awaitPacks(int inFlight) throws IOException {
      while (!finishing.isEmpty() && (finishing.size() > inFlight || finishing.peekFirst().isDone())) {
        join(finishing.removeFirst());
      }
    }

    /** Waits for every closed pack; what the manifest lists of them. */
    List<Manifest.StoredObject> finishPacks() throws IOException {
      List<Manifest.StoredObject> stored = new ArrayList<>();
      for (int i = 0; i < packs.size(); i++) {
        stored.add(manifestObject(packNames.get(i), join(packs.get(i))));
      }
      return stored;
    }

    StoredObject join(CompletableFuture<StoredObject> finishing) throws IOException {
      try {
        return finishing.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof UncheckedIOException io) {
          throw io.getCause();
        }
        throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
      }
    }

    /**
     * Aborts the open pack (close without finish) and waits for the packs finishing in the
     * background, so that nothing of this backup is still being written once it returns.
     */
    void abandonPacks() {
      if (pack != null) {
        pack.close();
      }
      for (CompletableFuture<StoredObject> closed : packs) {
        closed.exceptionally(e -> null).join();
      }
      finisher.shutdownNow();
    }

    List<Path> children(Path dir) throws IOException {
      List<Path> children = new ArrayList<>();
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        for (Path child : entries) {
          if (!excluded(child)) {
            children.add(child);
          }
        }
      } catch (NoSuchFileException e) {
        warn(dir + " disappeared during the backup");
      }
      children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
      return children;
    }

    /** Whether a file or symlink is wanted: no includes, or one matching its name or relative path. */
    boolean included(Path path) {
      if (nameIncludes.isEmpty() && pathIncludes.isEmpty()) {
        return true;
      }
      Path name = path.getFileName();
      if (name != null && nameIncludes.stream().anyMatch(m -> m.matches(name))) {
        return true;
      }
      Path relative = currentRoot.relativize(path);
      return pathIncludes.stream().anyMatch(m -> m.matches(relative));
    }

    boolean excluded(Path path) {
      Path name = path.getFileName();
      for (PathMatcher m : nameExcludes) {
        if (m.matches(name)) {
          return true;
        }
      }
      if (!pathExcludes.isEmpty()) {
        Path relative = currentRoot.relativize(path);
        for (PathMatcher m : pathExcludes) {
          if (m.matches(relative)) {
            return true;
          }
        }
      }
      return false;
    }

    String user(Path path, int uid) throws IOException {
      String name = users.get(uid);
      if (name == null) {
        name = ((UserPrincipal) Files.getAttribute(path, "posix:owner", LinkOption.NOFOLLOW_LINKS)).getName();
        users.put(uid, name);
      }
      return name;
    }

    String group(Path path, int gid) throws IOException {
      String name = groups.get(gid);
      if (name == null) {
        name = ((GroupPrincipal) Files.getAttribute(path, "posix:group", LinkOption.NOFOLLOW_LINKS)).getName();
        groups.put(gid, name);
      }
      return name;
    }

    void warn(String warning) {
      counts.warnings++;
      if (warnings.size() < 20) {
        warnings.add(warning);
      }
    }
  }

}
