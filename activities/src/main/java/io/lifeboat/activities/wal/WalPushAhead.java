package io.lifeboat.activities.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.BiFunction;

/**
 * Archives the files PostgreSQL has marked ready ({@code pg_wal/archive_status/*.ready}) before
 * its archiver asks for them, a few in parallel, so that a busy server's serial
 * {@code archive_command} calls find their file already stored and return at once. A file
 * pushed ahead is only reported archived when its {@code archive_command} arrives with the same
 * bytes and the push has completed: PostgreSQL's bookkeeping stays the single source of truth.
 */
public final class WalPushAhead {
  private final Path walDirectory;
  private final int depth;
  private final ExecutorService pushes;
  private final BiFunction<WalFileName, byte[], WalArchive.Archived> push;
  private final Map<String, CompletableFuture<Pushed>> started = new ConcurrentHashMap<>();

  /**
   * @param walDirectory the server's {@code pg_wal}
   * @param depth how many files may be in flight at once
   * @param push archives the bytes of one file read from {@code walDirectory}
   */
  public WalPushAhead(Path walDirectory, int depth, ExecutorService pushes,
      BiFunction<WalFileName, byte[], WalArchive.Archived> push) {
    this.walDirectory = walDirectory;
    this.depth = depth;
    this.pushes = pushes;
    this.push = push;
  }

  /**
   * A file pushed ahead: the bytes it had when read, to compare with what its archive_command
   * sends, and its identity ({@link #identity}) if it did not change while it was read (else null).
   */
  public record Pushed(byte[] bytes, String identity, WalArchive.Archived archived) {}

  /**
   * What tells a file of {@code pg_wal} apart without reading it: {@code device:inode:size:mtime},
   * the mtime in seconds with nine decimals, as {@code stat -c '%d:%i:%s:%.9Y'} prints it.
   * PostgreSQL never rewrites a segment it has marked ready, so a ready file with the identity it
   * had when it was pushed ahead still holds the bytes that were pushed; a server whose
   * {@code pg_wal} is not the one the worker reads has other devices and inodes.
   */
  public static String identity(Path path) throws IOException {
    Map<String, Object> stat = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime");
    Instant mtime = ((FileTime) stat.get("lastModifiedTime")).toInstant();
    return stat.get("dev") + ":" + stat.get("ino") + ":" + stat.get("size") + ":" + mtime.getEpochSecond() + "."
        + String.format("%09d", mtime.getNano());
  }

  /** Reads a file of {@code pg_wal} whole, with its identity when it stayed the same meanwhile. */
  private static Pushed read(Path walDirectory, WalFileName file,
      BiFunction<WalFileName, byte[], WalArchive.Archived> push) {
    Path path = walDirectory.resolve(file.name());
    try {
      String before = identity(path);
      byte[] bytes = Files.readAllBytes(path);
      String after = identity(path);
      return new Pushed(bytes, before.equals(after) ? after : null, push.apply(file, bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** The push started ahead for {@code file}, if any; it is forgotten once claimed. */
  public Optional<CompletableFuture<Pushed>> claim(WalFileName file) {
    return Optional.ofNullable(started.remove(file.name()));
  }

  /**
   * Starts pushing the next ready files after {@code current} (which its own request archives),
   * up to the depth. Files PostgreSQL has archived by now, or passed over, are forgotten.
   */
  public void ahead(WalFileName current) {
    started.keySet().removeIf(name -> name.compareTo(current.name()) < 0);
    int free = depth - started.size();
    if (free <= 0) {
      return;
    }
    for (WalFileName file : ready(current, free)) {
      started.computeIfAbsent(file.name(), name -> CompletableFuture.supplyAsync(
          () -> read(walDirectory, file, push), pushes));
    }
  }

  /** Up to {@code limit} ready files other than {@code current} and those already started, oldest first. */
  private List<WalFileName> ready(WalFileName current, int limit) {
    List<WalFileName> names = new ArrayList<>();
    try (DirectoryStream<Path> status = Files.newDirectoryStream(walDirectory.resolve("archive_status"), "*.ready")) {
      for (Path p : status) {
        String name = p.getFileName().toString();
        WalFileName.parse(name.substring(0, name.length() - ".ready".length()))
            .filter(f -> !f.equals(current) && !started.containsKey(f.name()))
            .ifPresent(names::add);
      }
    } catch (IOException e) {
      return List.of(); // pushing ahead is an optimisation: each file still comes through its own request
    }
    names.sort(null);
    return names.subList(0, Math.min(limit, names.size()));
  }
}
