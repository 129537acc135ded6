package io.lifeboat.bench;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.StoredObject;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.storage.MultipartUpload;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.files.DirectoryTrees;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Side by side, in one run: the shell pipeline {@code zstd -1 -T2 | gpg -e -z0} (output to
 * /dev/null) and Lifeboat's artifact pipeline (zstd, OpenPGP, SHA-256, parallel multipart upload
 * to S3Proxy running in this process) over the same semi-compressible file. Prints the
 * throughput of each (MB = 10^6 bytes of input per second), their ratio, and the heap Lifeboat
 * needed. Run it with {@code bench/run pipeline}.
 */
public final class PipelineBenchmark {

  private int sizeMiB = 1024;
  private int runs = 3;
  private int partMiB = 16;
  private int concurrency = 4;
  private int level = 1;
  private Path folder = Path.of("bench/target/pipeline");

  public static void main(String[] args) throws Exception {
    PipelineBenchmark benchmark = new PipelineBenchmark();
    benchmark.parse(args);
    benchmark.run();
    System.exit(0); // S3Proxy's threads are not daemons
  }

  private void run() throws Exception {
    Path file = SampleFile.ensure(folder, sizeMiB);
    long size = Files.size(file);
    Path keys = folder.resolve("keys");
    if (!Files.exists(keys.resolve("bench.pub.asc"))) {
      Files.createDirectories(keys);
      OpenPgpKeys.generate("Lifeboat bench", keys.resolve("bench.pub.asc"), keys.resolve("bench.sec.asc"));
    }
    var recipients = OpenPgpKeys.publicKeys(keys.resolve("bench.pub.asc"));
    Path gnupgHome = Files.createTempDirectory("bench-gnupg");
    Path s3Folder = folder.resolve("s3");
    DirectoryTrees.delete(s3Folder);
    Files.createDirectories(s3Folder);

    ShellPipeline shell =
        new ShellPipeline(gnupgHome, keys.resolve("bench.pub.asc"), OpenPgpKeys.fingerprint(recipients.get(0)));
    try (EmbeddedObjectStore s3 = new EmbeddedObjectStore(s3Folder);
        ObjectStore store = s3.open("bench", (long) partMiB << 20, concurrency)) {
      ArtifactWriter writer = new ArtifactWriter(store, recipients, level);
      describe(file, size, shell);

      System.out.println("warming up (one unmeasured run of each)...");
      shell.encrypt(file);
      long storedBytes = lifeboat(writer, store, file).storedBytes;

      List<Double> shellRates = new ArrayList<>();
      List<Double> lifeboatRates = new ArrayList<>();
      List<Double> uploadRates = new ArrayList<>();
      List<Double> uploadCpuSeconds = new ArrayList<>();
      System.out.printf("%n%-4s %14s %14s %16s %16s%n", "run", "shell MB/s", "Lifeboat MB/s",
          "Lifeboat CPU s", "peak heap MiB");
      for (int run = 1; run <= runs; run++) {
        double shellRate = rate(size, shell.encrypt(file));
        Measurement lifeboat = lifeboat(writer, store, file);
        double lifeboatRate = rate(size, lifeboat.nanos);
        shellRates.add(shellRate);
        lifeboatRates.add(lifeboatRate);
        Measurement upload = uploadAlone(store, storedBytes);
        uploadRates.add(rate(storedBytes, upload.nanos));
        uploadCpuSeconds.add(upload.cpuNanos / 1e9);
        System.out.printf(Locale.ROOT, "%-4d %14.0f %14.0f %16.1f %16.0f%n", run, shellRate,
            lifeboatRate, lifeboat.cpuNanos / 1e9, lifeboat.peakHeapBytes / 1048576.0);
      }
      double shellMedian = Runs.median(shellRates);
      double lifeboatMedian = Runs.median(lifeboatRates);
      System.out.printf(Locale.ROOT, "%nmedian: shell %.0f MB/s, Lifeboat %.0f MB/s, ratio %.2fx%n",
          shellMedian, lifeboatMedian, lifeboatMedian / shellMedian);
      System.out.printf(Locale.ROOT,
          "stored %.0f MiB (%.1f%% of the input); uploading that many bytes alone to the embedded"
              + " S3Proxy runs at %.0f MB/s and takes %.1f CPU s (medians)%n",
          storedBytes / 1048576.0, 100.0 * storedBytes / size, Runs.median(uploadRates),
          Runs.median(uploadCpuSeconds));
    } finally {
      new ProcessBuilder("gpgconf", "--homedir", gnupgHome.toString(), "--kill", "all")
          .inheritIO().start().waitFor();
      DirectoryTrees.delete(gnupgHome);
      DirectoryTrees.delete(s3Folder);
    }
  }

  private void describe(Path file, long size, ShellPipeline shell) throws IOException {
    System.out.printf(Locale.ROOT, "machine: %d vCPU, %s, Java %s, max heap %d MiB%n",
        Runtime.getRuntime().availableProcessors(), cpuModel(), System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(Locale.ROOT, "input: %s, %d MiB, 1 MiB blocks alternating random / SQL text%n",
        file, size >> 20);
    System.out.println("shell:    " + shell.command(file));
    System.out.printf(Locale.ROOT,
        "Lifeboat: ArtifactWriter (zstd -%d with 2 workers | OpenPGP AES-256 SEIPD v1 | SHA-256)"
            + " -> S3Proxy multipart, %d MiB parts, %d in flight%n", level, partMiB, concurrency);
  }

  private record Measurement(long nanos, long cpuNanos, long peakHeapBytes, long storedBytes) {}

  private static Measurement lifeboat(ArtifactWriter writer, ObjectStore store, Path file)
      throws IOException {
    String key = "bench/dump.zst.pgp";
    System.gc();
    resetPeakHeap();
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    StoredObject stored;
    try (InputStream in = Files.newInputStream(file)) {
      stored = writer.write(in, key, bytes -> {});
    }
    long nanos = System.nanoTime() - start;
    Measurement measurement =
        new Measurement(nanos, processCpuNanos() - cpu, peakHeap(), stored.storedBytes());
    store.delete(key);
    return measurement;
  }

  /** Uploads {@code bytes} of random data, to tell the object store's share of the cost. */
  private static Measurement uploadAlone(ObjectStore store, long bytes) throws IOException {
    byte[] chunk = new byte[1 << 20];
    new SplittableRandom(7).nextBytes(chunk);
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    try (MultipartUpload upload = store.upload("bench/upload-alone")) {
      for (long left = bytes; left > 0; left -= chunk.length) {
        upload.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
    long nanos = System.nanoTime() - start;
    Measurement measurement = new Measurement(nanos, processCpuNanos() - cpu, 0, bytes);
    store.delete("bench/upload-alone");
    return measurement;
  }

  private static double rate(long bytes, long nanos) {
    return bytes / 1e6 / (nanos / 1e9);
  }


  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void resetPeakHeap() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static String cpuModel() throws IOException {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown CPU");
    }
  }

  private void parse(String[] args) {
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--size-mib" -> sizeMiB = Integer.parseInt(value);
        case "--runs" -> runs = Integer.parseInt(value);
        case "--part-mib" -> partMiB = Integer.parseInt(value);
        case "--concurrency" -> concurrency = Integer.parseInt(value);
        case "--level" -> level = Integer.parseInt(value);
        case "--dir" -> folder = Path.of(value);
        default -> throw new IllegalArgumentException(
            "unknown option " + args[i] + " (see bench/run --help)");
      }
    }
  }
}
