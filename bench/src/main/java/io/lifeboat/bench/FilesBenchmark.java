package io.lifeboat.bench;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.files.FileSetBackup;
import io.lifeboat.activities.files.FileSetTarget;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.files.DirectoryTrees;
import io.lifeboat.manifest.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Side by side, in one run, on the same tree (~10,000 files, half compressible, half random):
 * Lifeboat's file-set backup (tar packs + index, zstd, OpenPGP, SHA-256, upload to S3Proxy in
 * this process) and {@code restic backup} to a local repository; each first backup, then an
 * unchanged second one, then one after 1% of the files changed. Run it with {@code bench/run files}.
 */
public final class FilesBenchmark {
  private int sizeMiB = 1024;
  private int files = 10_000;
  private int rounds = 5;
  private Path folder = Path.of("bench/target/files");

  public static void main(String[] args) throws Exception {
    FilesBenchmark benchmark = new FilesBenchmark();
    benchmark.parse(args);
    benchmark.run();
    System.exit(0); // S3Proxy's threads are not daemons
  }

  private record Measurement(double seconds, long storedBytes) {}

  private void run() throws Exception {
    Path tree = folder.resolve("tree");
    ensureTree(tree);
    Path keys = folder.resolve("keys");
    if (!Files.exists(keys.resolve("bench.pub.asc"))) {
      Files.createDirectories(keys);
      OpenPgpKeys.generate("Lifeboat bench", keys.resolve("bench.pub.asc"), keys.resolve("bench.sec.asc"));
    }
    var recipients = OpenPgpKeys.publicKeys(keys.resolve("bench.pub.asc"));
    var secret = OpenPgpKeys.secretKeys(keys.resolve("bench.sec.asc"), null);
    Path s3Folder = folder.resolve("s3");
    Path resticRepo = folder.resolve("restic-repo");
    DirectoryTrees.delete(s3Folder);
    DirectoryTrees.delete(resticRepo);
    Files.createDirectories(s3Folder);
    System.out.printf(Locale.ROOT, "machine: %d vCPU, Java %s; tree %s: %d files, %d MiB (half random)%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), tree, files, sizeMiB);
    System.out.println("warming the page cache (both tools read the same cached tree)...");
    readAll(tree);

    try (EmbeddedObjectStore s3 = new EmbeddedObjectStore(s3Folder);
        ObjectStore store = s3.open("bench", 16L << 20, 4)) {
      BackupStore backups = new BackupStore(store, new ManifestSigner(secret));
      StoredBackups stored = new StoredBackups(null, backups, new ArtifactReader(store, List.of(secret)));
      FileSetBackup backup = new FileSetBackup(backups, stored, new ArtifactWriter(store, recipients, 1),
          new Manifest.Encryption("openpgp", List.of(OpenPgpKeys.fingerprint(recipients.get(0))), "bench"),
          Map.of("lifeboat", "bench"));
      FileSetTarget target = new FileSetTarget("bench", List.of(tree.toAbsolutePath()), List.of(),
          folder.toAbsolutePath(), Duration.ofHours(1), Duration.ofHours(1));

      System.out.println("restic: RESTIC_PASSWORD=bench restic -r " + resticRepo + " backup " + tree);
      System.out.println("Lifeboat: FileSetBackup (tar packs + index | zstd -1, 2 workers | OpenPGP AES-256 | SHA-256)"
          + " -> S3Proxy multipart, 16 MiB parts, 4 in flight");
      // The worker is a long-running service: its code is compiled once, not per backup. One
      // unmeasured backup of each tool first (restic's into a throwaway repository), so the
      // measured runs compare steady states; the cold figures are printed too.
      System.out.println("warming up (one unmeasured first backup of each)...");
      Path warmRepo = folder.resolve("restic-warmup");
      DirectoryTrees.delete(warmRepo);
      restic(warmRepo, "init");
      Measurement coldRestic = resticBackup(warmRepo, tree);
      DirectoryTrees.delete(warmRepo);
      Measurement coldLifeboat = lifeboatBackup(backup, backups, named(target, "warmup"), "20260101T000000Z-warm", null);
      System.out.printf(Locale.ROOT, "cold first backups: restic %.2f s, Lifeboat %.2f s (fresh JVM)%n",
          coldRestic.seconds(), coldLifeboat.seconds());

      List<String> names = List.of("first backup", "unchanged", "1% changed");
      List<List<Measurement>> restic = new ArrayList<>();
      List<List<Measurement>> lifeboat = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        restic.add(new ArrayList<>());
        lifeboat.add(new ArrayList<>());
      }
      for (int round = 0; round < rounds; round++) {
        DirectoryTrees.delete(resticRepo);
        restic(resticRepo, "init");
        FileSetTarget roundTarget = named(target, "bench" + round);
        String parent = null;
        for (int run = 0; run < names.size(); run++) {
          if (run == 2) {
            touchOnePercent(tree);
          }
          restic.get(run).add(resticBackup(resticRepo, tree));
          String id = String.format("20260101T%06dZ-bench%d", run, round);
          Measurement measured = lifeboatBackup(backup, backups, roundTarget, id, parent);
          lifeboat.get(run).add(measured);
          parent = backups.manifestKey(roundTarget.name(), roundTarget.kind(), id);
        }
        System.out.printf(Locale.ROOT, "round %d: first backup restic %.2f s, Lifeboat %.2f s%n", round + 1,
            restic.get(0).get(round).seconds(), lifeboat.get(0).get(round).seconds());
      }
      System.out.printf(Locale.ROOT, "%nmedians of %d rounds%n%-14s %12s %16s %12s %16s %8s%n", rounds, "run",
          "restic s", "restic added", "Lifeboat s", "Lifeboat stored", "ratio");
      for (int i = 0; i < names.size(); i++) {
        Measurement r = median(restic.get(i));
        Measurement l = median(lifeboat.get(i));
        System.out.printf(Locale.ROOT, "%-14s %12.2f %16s %12.2f %16s %7.2fx%n", names.get(i),
            r.seconds(), bytes(r.storedBytes()), l.seconds(), bytes(l.storedBytes()), r.seconds() / l.seconds());
      }
      System.out.printf(Locale.ROOT, "unchanged backup stored %.3f%% of the first (Lifeboat)%n",
          100.0 * median(lifeboat.get(1)).storedBytes() / median(lifeboat.get(0)).storedBytes());
    } finally {
      DirectoryTrees.delete(s3Folder);
      DirectoryTrees.delete(resticRepo);
    }
  }

  /** ~{@code files} files in 100 directories, sizes around the mean, even ones random, odd ones text. */
  private void ensureTree(Path tree) throws IOException {
    Path marker = tree.resolve(".complete-" + files + "-" + sizeMiB);
    if (Files.exists(marker)) {
      return;
    }
    DirectoryTrees.delete(tree);
    System.out.println("writing the sample tree " + tree + " (once)...");
    SplittableRandom random = new SplittableRandom(42);
    long mean = ((long) sizeMiB << 20) / files;
    byte[] text = ("INSERT INTO orders VALUES (1234, 'customer name', 'street 12', 42.50, now());\n")
        .repeat(4096).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < files; i++) {
      Path dir = tree.resolve(String.format("d%02d", i % 100));
      Files.createDirectories(dir);
      int size = (int) (mean / 2 + random.nextLong(mean));
      byte[] data = new byte[size];
      if (i % 2 == 0) {
        random.nextBytes(data);
      } else {
        int offset = random.nextInt(text.length / 2);
        for (int j = 0; j < size; j += text.length / 2) {
          System.arraycopy(text, offset, data, j, Math.min(text.length / 2, size - j));
        }
        data[0] = (byte) i;
      }
      Files.write(dir.resolve(String.format("f%05d.dat", i)), data);
    }
    Files.writeString(marker, "");
  }

  private void touchOnePercent(Path tree) throws IOException {
    for (int i = 0; i < files; i += 100) {
      Path file = tree.resolve(String.format("d%02d/f%05d.dat", i % 100, i));
      byte[] data = Files.readAllBytes(file);
      data[0] ^= 1;
      Files.write(file, data);
    }
  }

  private static Measurement lifeboatBackup(FileSetBackup backup, BackupStore backups, FileSetTarget target,
      String id, String parentKey) {
    long start = System.nanoTime();
    FileSetBackup.Outcome outcome = backup.run(target, id,
        parentKey == null ? null : backups.readManifest(parentKey), new Manifest.WorkflowRun("bench", "bench"),
        bytes -> {});
    return new Measurement((System.nanoTime() - start) / 1e9, outcome.manifest().storedBytes());
  }

  private static FileSetTarget named(FileSetTarget target, String name) {
    return new FileSetTarget(name, target.paths(), target.excludes(), target.scratchDirectory(), target.rpo(),
        target.rto());
  }

  /** The run with the median time (the lower middle one of an even count). */
  private static Measurement median(List<Measurement> runs) {
    List<Measurement> sorted = runs.stream().sorted(Comparator.comparingDouble(Measurement::seconds)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  private static Measurement resticBackup(Path repo, Path tree) throws Exception {
    long start = System.nanoTime();
    String out = restic(repo, "backup", "--json", "--quiet", tree.toString());
    double seconds = (System.nanoTime() - start) / 1e9;
    long added = 0;
    for (String line : out.split("\n")) {
      int at = line.indexOf("\"data_added\":");
      if (line.contains("\"message_type\":\"summary\"") && at >= 0) {
        String rest = line.substring(at + 13);
        added = Long.parseLong(rest.substring(0, rest.indexOf(',')).trim());
      }
    }
    return new Measurement(seconds, added);
  }

  private static String restic(Path repo, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("restic", "-r", repo.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("RESTIC_PASSWORD", "bench");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("restic " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  private static void readAll(Path tree) throws IOException {
    byte[] buffer = new byte[1 << 20];
    try (Stream<Path> paths = Files.walk(tree)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        try (InputStream in = Files.newInputStream(p)) {
          while (in.read(buffer) >= 0) {
            // page cache only
          }
        }
      }
    }
  }

  private static String bytes(long n) {
    return n >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0)
        : String.format(Locale.ROOT, "%d B", n);
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--size-mib" -> sizeMiB = Integer.parseInt(value);
        case "--files" -> files = Integer.parseInt(value);
        case "--rounds" -> rounds = Integer.parseInt(value);
        case "--dir" -> folder = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; usage: bench/run files [--size-mib 1024] [--files 10000] [--rounds 5] [--dir bench/target/files]");
      }
    }
  }
}
