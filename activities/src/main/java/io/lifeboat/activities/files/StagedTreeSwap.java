package io.lifeboat.activities.files;

import io.lifeboat.files.DirectoryTrees;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Swaps staged trees into place with renames only (each staging tree is beside its target, on the
 * same filesystem). A directory on both sides is merged: its entries are swapped one by one, and
 * its mode, owner and mtime become the staged one's at the end. Anything else in a staged entry's
 * way is first renamed into the kept-aside tree, then the staged entry renamed in; an entry with
 * nothing in its way is renamed in whole (a missing directory with everything under it at once).
 * What the destination holds and the staged tree does not is left alone.
 *
 * <p>The plan — every rename, and each merged directory's metadata before and after — is written
 * to a journal before the first rename. A retry continues it, a failure halfway undoes it, a
 * rollback after it undoes it; each step is found done or not done on the filesystem, so all of
 * them are idempotent.
 */
final class StagedTreeSwap {
  private static final Logger LOG = LoggerFactory.getLogger(StagedTreeSwap.class);
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Called between the two renames of a replacement, once the old entry is aside. */
  @FunctionalInterface
  interface BetweenRenames {
    void at(Path target) throws IOException;
  }

  /** A staged tree, the place it swaps into, and the tree what it replaces is kept in. */
  record Unit(String target, String staged, String kept) {
    static Unit of(Path target, Path staged, Path kept) {
      return new Unit(target.toString(), staged.toString(), kept.toString());
    }
  }

  enum Kind {
    /** Nothing in the way: the staged entry (with all under it) is renamed in. */
    ADD,
    /** Something in the way: it is renamed into the kept tree, then the staged entry renamed in. */
    REPLACE,
    /** A directory on both sides: its entries are steps of their own. */
    MERGE
  }

  /** A directory's metadata. */
  record Metadata(int mode, int uid, int gid, long mtimeSeconds, int mtimeNanos) {}

  /** One step of the plan; {@code before} and {@code after} for a merge only. */
  record Step(int unit, String path, Kind kind, Metadata before, Metadata after) {}

  /** The plan of a swap, written before its first rename. */
  record Journal(String token, String backupId, List<Unit> units, List<Step> steps, long files, long symlinks,
      long replaced) {}

  /** What a swap did, the same on every retry. */
  record Outcome(List<Path> targets, long files, long symlinks, long replaced, List<Path> kept) {}

  private final boolean root = FileSetRestore.isRoot();
  private volatile BetweenRenames betweenRenames = target -> {};

  /** For tests: something to do (to fail) between the two renames of a replacement. */
  void betweenRenames(BetweenRenames hook) {
    this.betweenRenames = hook;
  }

  /**
   * Swaps {@code units} in, or finishes the swap the journal records for {@code token}. When a
   * rename fails, puts back what was moved (the destination as it was, the staged trees intact)
   * and fails.
   */
  Outcome commit(Path journalFile, List<Unit> units, String token, String backupId, LongConsumer progress) {
    Optional<Journal> recorded = journal(journalFile);
    Journal journal;
    if (recorded.isPresent() && recorded.get().token().equals(token) && recorded.get().units().equals(units)) {
      journal = recorded.get(); // a retry: the plan made before the first rename
    } else {
      recorded.ifPresent(earlier -> LOG.warn("{} records an earlier swap (run {}) that was neither dropped nor rolled"
          + " back; its kept trees stay where they are: {}", journalFile, earlier.token(), earlier.units()));
      journal = plan(units, token, backupId);
      write(journalFile, journal);
    }
    Path at = null;
    try {
      long done = 0;
      for (Step step : journal.steps()) {
        at = target(journal, step);
        forward(journal, step);
        progress.accept(++done);
      }
      at = null;
      List<Step> merges = journal.steps().stream().filter(s -> s.kind() == Kind.MERGE).toList();
      for (int i = merges.size() - 1; i >= 0; i--) { // deepest first: setting a child's mtime changes nothing above
        apply(merges.get(i).after(), target(journal, merges.get(i)));
      }
    } catch (IOException | RuntimeException e) {
      String why = (at == null ? "" : "at " + at + ": ") + describe(e);
      try {
        undo(journal, true);
        removeKeptTrees(journal);
        Files.deleteIfExists(journalFile);
      } catch (IOException | RuntimeException undoFailed) {
        throw ApplicationFailure.newFailureWithCause("swapping the restore into " + describeTargets(journal)
            + " failed " + why + ", and putting the old files back failed too (" + describe(undoFailed)
            + "); a retry finishes the swap recorded in " + journalFile, e.getClass().getName(), e);
      }
      throw ApplicationFailure.newFailureWithCause("swapping the restore into " + describeTargets(journal)
          + " failed " + why + "; everything moved was put back: the destination is as it was and the staged copy"
          + " intact", e.getClass().getName(), e);
    }
    for (Unit unit : journal.units()) {
      DirectoryTrees.deleteIfOnlyDirectories(Path.of(unit.staged())); // what is left: the merged directories' shells
    }
    return outcome(journal);
  }

  /** Undoes the swap the journal records: the kept entries back, what it added gone. Done when there is none. */
  void rollback(Path journalFile, LongConsumer progress) {
    Optional<Journal> recorded = journal(journalFile);
    if (recorded.isEmpty()) {
      return;
    }
    try {
      undo(recorded.get(), false);
      progress.accept(recorded.get().steps().size());
      removeKeptTrees(recorded.get());
      for (Unit unit : recorded.get().units()) {
        DirectoryTrees.delete(Path.of(unit.staged())); // what a swap that failed halfway left there, if any
      }
      Files.deleteIfExists(journalFile);
    } catch (IOException e) {
      throw new UncheckedIOException("rolling back the restore into " + describeTargets(recorded.get())
          + " failed: " + describe(e) + "; a retry goes on from where it stopped", e);
    }
  }

  /** Deletes what the swap kept aside, and its journal. Done when there is none. */
  void drop(Path journalFile) {
    Optional<Journal> recorded = journal(journalFile);
    if (recorded.isEmpty()) {
      return;
    }
    recorded.get().units().forEach(unit -> DirectoryTrees.delete(Path.of(unit.kept())));
    try {
      Files.deleteIfExists(journalFile);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + journalFile + ": " + describe(e), e);
    }
  }

  /** The journal at {@code file}, if there is one. */
  Optional<Journal> journal(Path file) {
    if (!Files.exists(file, NOFOLLOW)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(file.toFile(), Journal.class));
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure("the swap journal " + file + " cannot be read (" + describe(e)
          + "); look at the .lifeboat-replaced- trees beside it, then delete it", FailureTypes.BAD_REQUEST);
    }
  }

  static Outcome outcome(Journal journal) {
    List<Path> kept = new ArrayList<>();
    for (int i = 0; i < journal.units().size(); i++) {
      int unit = i;
      if (journal.steps().stream().anyMatch(s -> s.unit() == unit && s.kind() == Kind.REPLACE)) {
        kept.add(Path.of(journal.units().get(i).kept()));
      }
    }
    return new Outcome(targets(journal), journal.files(), journal.symlinks(), journal.replaced(), kept);
  }

  // --- the plan

  private Journal plan(List<Unit> units, String token, String backupId) {
    Planner planner = new Planner();
    try {
      for (int i = 0; i < units.size(); i++) {
        Path staged = Path.of(units.get(i).staged());
        if (!Files.exists(staged, NOFOLLOW)) {
          throw ApplicationFailure.newNonRetryableFailure("the staged copy " + staged + " is gone; restore the backup"
              + " again", FailureTypes.BAD_REQUEST);
        }
        planner.visit(i, staged, Path.of(units.get(i).target()), "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not plan the swap into " + units + ": " + describe(e), e);
    }
    return new Journal(token, backupId, List.copyOf(units), planner.steps, planner.files, planner.symlinks,
        planner.replaced);
  }

  private final class Planner {
    final List<Step> steps = new ArrayList<>();
    long files;
    long symlinks;
    long replaced;

    void visit(int unit, Path staged, Path target, String path) throws IOException {
      Path from = resolve(staged, path);
      Path to = resolve(target, path);
      if (Files.isDirectory(from, NOFOLLOW) && Files.isDirectory(to, NOFOLLOW)) {
        steps.add(new Step(unit, path, Kind.MERGE, metadata(to), metadata(from)));
        List<String> names;
        try (Stream<Path> children = Files.list(from)) {
          names = children.map(c -> c.getFileName().toString()).sorted().toList();
        }
        for (String name : names) {
          visit(unit, staged, target, path.isEmpty() ? name : path + "/" + name);
        }
        return;
      }
      boolean inTheWay = Files.exists(to, NOFOLLOW);
      steps.add(new Step(unit, path, inTheWay ? Kind.REPLACE : Kind.ADD, null, null));
      if (inTheWay) {
        replaced++;
      }
      try (Stream<Path> all = Files.walk(from)) {
        all.forEach(p -> {
          if (Files.isSymbolicLink(p)) {
            symlinks++;
          } else if (Files.isRegularFile(p, NOFOLLOW)) {
            files++;
          }
        });
      }
    }
  }

  // --- the steps, each found done or not done on the filesystem

  private void forward(Journal journal, Step step) throws IOException {
    Path staged = staged(journal, step);
    Path target = target(journal, step);
    switch (step.kind()) {
      case ADD -> {
        if (exists(staged)) {
          rename(staged, target);
        } else if (!exists(target)) {
          throw new NoSuchFileException(staged.toString(), null, "the staged entry is gone");
        }
      }
      case REPLACE -> {
        Path kept = kept(journal, step);
        if (exists(staged)) {
          if (!exists(kept)) {
            Files.createDirectories(kept.getParent());
            rename(target, kept);
          }
          betweenRenames.at(target);
          rename(staged, target);
        } else if (!exists(target) || !exists(kept)) {
          throw new NoSuchFileException(staged.toString(), null, "the staged entry is gone");
        }
      }
      case MERGE -> {
        // its entries are steps of their own; its metadata is set once they are in
      }
    }
  }

  /**
   * Undoes every step, last first. {@code keepStaged}: what was renamed in goes back into the
   * staging tree (a commit failing); otherwise it is deleted (a rollback).
   */
  private void undo(Journal journal, boolean keepStaged) throws IOException {
    List<Step> steps = journal.steps();
    for (int i = steps.size() - 1; i >= 0; i--) {
      Step step = steps.get(i);
      Path staged = staged(journal, step);
      Path target = target(journal, step);
      switch (step.kind()) {
        case ADD -> {
          if (!exists(staged) && exists(target)) {
            putBackOrDelete(target, staged, keepStaged);
          }
        }
        case REPLACE -> {
          Path kept = kept(journal, step);
          if (exists(kept)) {
            if (exists(target) && !exists(staged)) {
              putBackOrDelete(target, staged, keepStaged);
            }
            rename(kept, target);
          }
        }
        case MERGE -> {
          if (Files.isDirectory(target, NOFOLLOW)) {
            apply(step.before(), target);
          }
          if (keepStaged && Files.isDirectory(staged, NOFOLLOW)) {
            apply(step.after(), staged);
          }
        }
      }
    }
  }

  private static void putBackOrDelete(Path restored, Path staged, boolean keepStaged) throws IOException {
    if (keepStaged) {
      rename(restored, staged);
    } else {
      DirectoryTrees.delete(restored);
    }
  }

  /** The kept trees hold nothing once every step is undone but the directories made for it. */
  private static void removeKeptTrees(Journal journal) throws IOException {
    for (Unit unit : journal.units()) {
      if (!DirectoryTrees.deleteIfOnlyDirectories(Path.of(unit.kept()))) {
        throw new IOException(unit.kept() + " still holds files after everything was put back");
      }
    }
  }

  /** A rename that never replaces what is at {@code to} (a plain rename(2) would, silently). */
  private static void rename(Path from, Path to) throws IOException {
    if (exists(to)) {
      throw new FileAlreadyExistsException(to.toString(), from.toString(), "something is in the way");
    }
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean exists(Path path) {
    return Files.exists(path, NOFOLLOW);
  }

  private static Path staged(Journal journal, Step step) {
    return resolve(Path.of(journal.units().get(step.unit()).staged()), step.path());
  }

  private static Path target(Journal journal, Step step) {
    return resolve(Path.of(journal.units().get(step.unit()).target()), step.path());
  }

  private static Path kept(Journal journal, Step step) {
    return resolve(Path.of(journal.units().get(step.unit()).kept()), step.path());
  }

  private static Path resolve(Path base, String path) {
    return path.isEmpty() ? base : base.resolve(path);
  }

  private static List<Path> targets(Journal journal) {
    return journal.units().stream().map(u -> Path.of(u.target())).toList();
  }

  private static String describeTargets(Journal journal) {
    return String.join(", ", journal.units().stream().map(Unit::target).toList());
  }

  // --- metadata and the journal file

  private static Metadata metadata(Path dir) throws IOException {
    Map<String, Object> a = Files.readAttributes(dir, "unix:mode,uid,gid,lastModifiedTime", NOFOLLOW);
    Instant mtime = ((FileTime) a.get("lastModifiedTime")).toInstant();
    return new Metadata((Integer) a.get("mode") & 07777, (Integer) a.get("uid"), (Integer) a.get("gid"),
        mtime.getEpochSecond(), mtime.getNano());
  }

  private void apply(Metadata metadata, Path dir) throws IOException {
    if (root) { // chown before chmod: chown clears setuid/setgid
      Files.setAttribute(dir, "unix:uid", metadata.uid(), NOFOLLOW);
      Files.setAttribute(dir, "unix:gid", metadata.gid(), NOFOLLOW);
    }
    Files.setAttribute(dir, "unix:mode", metadata.mode(), NOFOLLOW);
    FileTime mtime = FileTime.from(Instant.ofEpochSecond(metadata.mtimeSeconds(), metadata.mtimeNanos()));
    Files.getFileAttributeView(dir, BasicFileAttributeView.class, NOFOLLOW).setTimes(mtime, null, null);
  }

  /** Written whole beside, then renamed over: a crash leaves the old journal or the new, never half. */
  private static void write(Path file, Journal journal) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      JSON.writeValue(temporary.toFile(), journal);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the swap journal " + file + ": " + describe(e), e);
    }
  }

  private static String describe(Exception e) {
    return e instanceof ApplicationFailure a ? a.getOriginalMessage()
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
