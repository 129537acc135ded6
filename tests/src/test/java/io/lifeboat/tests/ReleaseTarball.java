package io.lifeboat.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The release tarball that this build's {@code dist} module packaged ({@code ./mvnw package} or
 * {@code verify} builds it before the tests module), unpacked with the machine's {@code tar} as an
 * operator would, so the tests run its files and nothing of the build's class path.
 */
final class ReleaseTarball {
  private static final Path TARGET = Path.of("..", "dist", "target");

  private ReleaseTarball() {}

  /**
   * The packaged {@code dist/target/lifeboat-VERSION.tar.gz}; fails naming the command that makes it
   * when it is missing, or older than the classes it is made of (a run that stopped before package).
   */
  static Path file() throws IOException {
    List<Path> found;
    try (Stream<Path> files = Files.exists(TARGET) ? Files.list(TARGET) : Stream.empty()) {
      found = files.filter(f -> f.getFileName().toString().matches("lifeboat-.+\\.tar\\.gz")).sorted().toList();
    }
    if (found.size() != 1) {
      throw new AssertionError("expected one dist/target/lifeboat-VERSION.tar.gz, found " + found + ": package it"
          + " in the same run, e.g. ./mvnw -o -pl tests -am verify -Dtest=ReleaseTarballEndToEndTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false");
    }
    Path tarball = found.get(0).toAbsolutePath().normalize();
    Path newer = newerClasses(Files.getLastModifiedTime(tarball).toMillis());
    if (newer != null) {
      throw new AssertionError(tarball + " is older than " + newer + ": package it in the same run, e.g. ./mvnw -o"
          + " -pl tests -am verify -Dtest=ReleaseTarballEndToEndTest -Dsurefire.failIfNoSpecifiedTests=false");
    }
    return tarball;
  }

  /** A class file the tarball's jars are made of that was compiled after it, or null. */
  private static Path newerClasses(long tarballMillis) throws IOException {
    for (String module : List.of("workflows", "core", "runbooks", "activities", "api", "worker")) {
      Path classes = Path.of("..", module, "target", "classes");
      if (!Files.isDirectory(classes)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(classes)) {
        Path newer = files.filter(Files::isRegularFile).filter(f -> {
          try {
            return Files.getLastModifiedTime(f).toMillis() > tarballMillis;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }).findFirst().orElse(null);
        if (newer != null) {
          return newer.normalize();
        }
      }
    }
    return null;
  }

  /** Unpacks it into {@code dir}; returns the release's own folder, {@code dir/lifeboat-VERSION}. */
  static Path unpack(Path dir) throws Exception {
    return unpack(dir, List.of());
  }

  /** Unpacks only its {@code bin/lifeboat}, with an empty {@code lib/} beside: for tests of the launcher alone. */
  static Path unpackLauncher(Path dir) throws Exception {
    Path release = unpack(dir, List.of("--wildcards", "*/bin/lifeboat"));
    Files.createDirectories(release.resolve("lib"));
    return release;
  }

  private static Path unpack(Path dir, List<String> members) throws Exception {
    Path tarball = file();
    Files.createDirectories(dir);
    List<String> tar = new java.util.ArrayList<>(List.of("tar", "-xzf", tarball.toString(), "-C", dir.toString()));
    tar.addAll(members);
    PrivateCluster.run(tar);
    String name = tarball.getFileName().toString();
    Path release = dir.resolve(name.substring(0, name.length() - ".tar.gz".length()));
    if (!Files.isExecutable(release.resolve("bin/lifeboat"))) {
      throw new AssertionError(tarball + " has no executable " + release.getFileName() + "/bin/lifeboat");
    }
    return release;
  }
}
