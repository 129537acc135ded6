package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code bin/lifeboat} on its own: how it finds Java and its own {@code lib/}, and the
 * one line it says when it cannot run. A stand-in {@code java} (a shell script) prints what the
 * launcher would run, so these take milliseconds; ReleaseTarballEndToEndTest runs the real thing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReleaseLauncherTest {
  @TempDir Path dir;
  private Path release;
  private Path tools;

  /** What a finished launcher left. */
  record Run(int exit, String out, String err) {}

  @BeforeEach
  void unpack() throws Exception {
    release = ReleaseTarball.unpackLauncher(dir.resolve("opt"));
    // the commands the launcher uses, and no java
    tools = Files.createDirectories(dir.resolve("tools"));
    for (String tool : List.of("readlink", "dirname", "sed", "head", "cut")) {
      Files.createSymbolicLink(tools.resolve(tool), PrivateCluster.run(List.of("sh", "-c", "command -v " + tool))
          .strip().transform(Path::of));
    }
  }

  @Test
  void throughSymlinksItRunsTheReleasesJarsWithTheJavaOptionsAndHome() throws Exception {
    Path java = fakeJava("openjdk version \"17.0.13\" 2024-10-15");
    // /usr/local/bin/lifeboat -> /opt/lifeboat/bin/lifeboat, /opt/lifeboat -> /opt/lifeboat-VERSION
    Path current = Files.createSymbolicLink(dir.resolve("opt/lifeboat"), release.getFileName());
    Path bin = Files.createDirectories(dir.resolve("usr/local/bin"));
    Path link = Files.createSymbolicLink(bin.resolve("lifeboat"), Path.of("../../../opt/lifeboat/bin/lifeboat"));
    assertThat(link.toRealPath()).isEqualTo(release.resolve("bin/lifeboat").toRealPath());
    assertThat(current).isSymbolicLink();

    Run run = launch(link.toString(), Map.of("JAVA_HOME", java.toString(), "LIFEBOAT_JAVA_OPTS", "-Xmx1g -Dx=y",
        "LIFEBOAT_HOME", dir.resolve("state").toString()), "server", "/etc/lifeboat/lifeboat.yml");
    Run byName = launch("/bin/sh", Map.of("JAVA_HOME", java.toString(), "PATH", bin + ":" + tools), "-c",
        "lifeboat --help");

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out().lines().toList()).containsExactly("LIFEBOAT_HOME=" + dir.resolve("state"), "-Xmx1g", "-Dx=y",
        "-cp", release.toRealPath().resolve("lib") + "/*", "io.lifeboat.worker.cli.Main", "server",
        "/etc/lifeboat/lifeboat.yml");
    assertThat(byName.exit()).as(byName.toString()).isZero();
    assertThat(byName.out()).contains("-cp\n" + release.toRealPath().resolve("lib") + "/*\n");
  }

  @Test
  void lifeboatHomeIsVarLibLifeboatWhenWritableElseInTheUsersHome() throws Exception {
    Path java = fakeJava("openjdk version \"21.0.5\" 2024-10-15");

    Run run = launch(release.resolve("bin/lifeboat").toString(), Map.of("JAVA_HOME", java.toString()), "status");

    Path varLib = Path.of("/var/lib/lifeboat");
    String expected = Files.isDirectory(varLib) && Files.isWritable(varLib) ? varLib.toString()
        : dir.resolve("home/.lifeboat").toString();
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out().lines().findFirst()).hasValue("LIFEBOAT_HOME=" + expected);
  }

  @Test
  void withoutJavaItSaysWhichPackageToInstallInOneLine() throws Exception {
    Run run = launch(release.resolve("bin/lifeboat").toString(), Map.of(), "server", "x.yml");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().lines().toList()).containsExactly("lifeboat: no java on PATH: install Java 17 or newer"
        + " (apt-get install openjdk-17-jre-headless) or set JAVA_HOME");
  }

  @Test
  void anOlderJavaIsRefusedNamingItsVersionAndThePackage() throws Exception {
    Path java11 = fakeJava("openjdk version \"11.0.22\" 2024-01-16");
    Path java8 = fakeJava("java version \"1.8.0_402\"", "jdk8");

    Run eleven = launch(release.resolve("bin/lifeboat").toString(), Map.of("JAVA_HOME", java11.toString()), "status");
    Run eight = launch(release.resolve("bin/lifeboat").toString(), Map.of("JAVA_HOME", java8.toString()), "status");

    for (Run refused : List.of(eleven, eight)) {
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.out()).as("java was not run").isEmpty();
      assertThat(refused.err().lines().toList()).hasSize(1);
      assertThat(refused.err()).contains("Lifeboat needs 17 or newer: apt-get install openjdk-17-jre-headless");
    }
    assertThat(eleven.err()).contains("is Java 11.0.22");
    assertThat(eight.err()).contains("is Java 1.8.0_402");
  }

  @Test
  void aJavaHomeWithoutJavaAndALauncherWithoutItsLibAreOneLineEach() throws Exception {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere/bin"));
    Files.copy(release.resolve("bin/lifeboat"), elsewhere.resolve("lifeboat"));

    Run noJava = launch(release.resolve("bin/lifeboat").toString(), Map.of("JAVA_HOME", dir.resolve("nojdk").toString()));
    Run noLib = launch(elsewhere.resolve("lifeboat").toString(), Map.of("JAVA_HOME", fakeJava("x").toString()));

    assertThat(noJava.exit()).isEqualTo(1);
    assertThat(noJava.err().lines().toList()).containsExactly("lifeboat: JAVA_HOME=" + dir.resolve("nojdk")
        + " has no bin/java: point JAVA_HOME at a Java 17+ runtime, or unset it and install openjdk-17-jre-headless");
    assertThat(noLib.exit()).isEqualTo(1);
    assertThat(noLib.err().lines().toList()).containsExactly("lifeboat: no lib/ beside " + dir.resolve("elsewhere")
        + "/bin: run bin/lifeboat from an unpacked release (lifeboat-VERSION.tar.gz)");
  }

  /** A JAVA_HOME whose java prints {@code versionLine} for -version, else LIFEBOAT_HOME and its arguments. */
  private Path fakeJava(String versionLine) throws Exception {
    return fakeJava(versionLine, "jdk");
  }

  private Path fakeJava(String versionLine, String name) throws Exception {
    Path home = dir.resolve(name);
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, """
        #!/bin/sh
        if [ "$1" = -version ]; then echo '%s' >&2; exit 0; fi
        echo "LIFEBOAT_HOME=$LIFEBOAT_HOME"
        for arg in "$@"; do echo "$arg"; done
        """.formatted(versionLine));
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  private Run launch(String launcher, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(launcher));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "launcher", ".out");
    Path err = Files.createTempFile(dir, "launcher", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> all = new HashMap<>(Map.of("PATH", tools.toString(), "HOME", dir.resolve("home").toString()));
    all.putAll(env);
    builder.environment().clear();
    builder.environment().putAll(all);
    Process process = builder.start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
