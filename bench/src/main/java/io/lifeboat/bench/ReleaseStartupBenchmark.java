package io.lifeboat.bench;

import io.lifeboat.worker.embedded.EmbeddedStack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The release as shipped: the size of {@code dist/target/lifeboat-VERSION.tar.gz} (packed and
 * unpacked), then, R times, the time from starting the unpacked {@code bin/lifeboat server CONFIG}
 * to its API answering {@code GET /api/v1/targets} with 200, on the embedded stack's services
 * (Temporal dev server, S3Proxy, PostgreSQL 15) started once beforehand in this JVM. Each server
 * is a new process (a cold JVM, as after a deploy or a reboot), stopped before the next. The
 * baseline, in the same loop: the same server started with {@code java -cp "lib/*" ...Main} directly,
 * without the launcher (which asks {@code java -version} first). Beside them, the time a short
 * command takes ({@code bin/lifeboat --help}: the launcher, the JVM and the CLI alone).
 *
 * <pre>bench/run release [--runs 5] [--tarball dist/target/lifeboat-VERSION.tar.gz]</pre>
 */
public final class ReleaseStartupBenchmark {
  private ReleaseStartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = Math.max(1, intOption(args, "--runs", 5));
    Path tarball = option(args, "--tarball").map(Path::of).orElseGet(ReleaseStartupBenchmark::packaged);
    Path work = Files.createTempDirectory("lifeboat-bench-release");
    long unpacking = System.nanoTime();
    run(List.of("tar", "-xzf", tarball.toString(), "-C", work.toString()));
    double unpackSeconds = (System.nanoTime() - unpacking) / 1e9;
    String name = tarball.getFileName().toString();
    Path release = work.resolve(name.substring(0, name.length() - ".tar.gz".length()));
    Path lib = release.resolve("lib");
    long jars;
    try (Stream<Path> files = Files.list(lib)) {
      jars = files.count();
    }
    System.out.printf("%s: %.1f MiB packed, %.1f MiB unpacked (lib/: %.1f MiB in %d jars), unpacked in %.1f s%n",
        name, mib(Files.size(tarball)), mib(size(release)), mib(size(lib)), jars, unpackSeconds);

    try (EmbeddedStack stack = EmbeddedStack.start(work.resolve("home"), work.resolve("keys"), 0, 0)) {
      List<Double> help = new ArrayList<>();
      List<Double> server = new ArrayList<>();
      List<Double> direct = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        help.add(helpSeconds(release, work));
        server.add(serverSeconds(launcher(release, work, "server", stack.configFile().toString()), work, stack,
            "server-" + i));
        direct.add(serverSeconds(direct(release, work, "server", stack.configFile().toString()), work, stack,
            "direct-" + i));
        System.out.printf("run %d: bin/lifeboat server to API answering %.2f s (java directly %.2f s),"
            + " bin/lifeboat --help %.2f s%n", i + 1, server.get(i), direct.get(i), help.get(i));
      }
      System.out.printf("bin/lifeboat server to API answering: median %.2f s (min %.2f, max %.2f) over %d runs%n",
          median(server), min(server), max(server), runs);
      System.out.printf("baseline, java -cp lib/* directly: median %.2f s (min %.2f, max %.2f)%n", median(direct),
          min(direct), max(direct));
      System.out.printf("bin/lifeboat --help: median %.2f s (min %.2f, max %.2f)%n", median(help), min(help),
          max(help));
    } finally {
      run(List.of("rm", "-rf", work.toString()));
    }
  }

  private static double serverSeconds(ProcessBuilder command, Path work, EmbeddedStack stack, String name)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    URI targets = URI.create(stack.apiUrl() + "/api/v1/targets");
    Path log = work.resolve(name + ".log");
    long start = System.nanoTime();
    Process server = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      while (true) {
        try {
          if (http.send(HttpRequest.newBuilder(targets).build(), HttpResponse.BodyHandlers.discarding())
              .statusCode() == 200) {
            return (System.nanoTime() - start) / 1e9;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        if (!server.isAlive() || System.nanoTime() - start > Duration.ofMinutes(3).toNanos()) {
          throw new IllegalStateException(name + " did not answer; its log:\n" + Files.readString(log));
        }
        Thread.sleep(20);
      }
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
    }
  }

  private static double helpSeconds(Path release, Path work) throws Exception {
    long start = System.nanoTime();
    Process help = launcher(release, work, "--help").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (help.waitFor() != 0) {
      throw new IllegalStateException("bin/lifeboat --help failed: exit " + help.exitValue());
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The unpacked launcher on this JVM's Java, with the state in the work folder. */
  private static ProcessBuilder launcher(Path release, Path work, String... args) {
    List<String> command = new ArrayList<>(List.of(release.resolve("bin/lifeboat").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().put("LIFEBOAT_HOME", work.resolve("state").toString());
    builder.environment().remove("LIFEBOAT_JAVA_OPTS");
    return builder;
  }

  /** The baseline: the same JVM and class path as the launcher's, started without it. */
  private static ProcessBuilder direct(Path release, Path work, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", release.resolve("lib") + "/*", "io.lifeboat.worker.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
    builder.environment().put("LIFEBOAT_HOME", work.resolve("state").toString());
    return builder;
  }

  private static Path packaged() {
    Path target = Path.of("dist", "target");
    try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      return files.filter(f -> f.getFileName().toString().matches("lifeboat-.+\\.tar\\.gz")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no dist/target/lifeboat-VERSION.tar.gz: build it with"
              + " ./mvnw -q -DskipTests package -pl dist -am, or give --tarball FILE"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: exit " + process.exitValue());
    }
  }

  private static double mib(long bytes) {
    return bytes / 1024.0 / 1024.0;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  private static java.util.Optional<String> option(String[] args, String name) {
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals(name)) {
        return java.util.Optional.of(args[i + 1]);
      }
    }
    return java.util.Optional.empty();
  }

  private static int intOption(String[] args, String name, int fallback) {
    return option(args, name).map(Integer::parseInt).orElse(fallback);
  }
}
