package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.config.LifeboatConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * deploy/container/Containerfile, read as text: no container engine runs where the tests run, so
 * the image is never built here. It must take the release's tarball, run as the non-root user the
 * Helm chart expects, start the launcher, and check the admin port compose's configuration opens.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ContainerfileTest {
  private static final Path CONTAINERFILE = DeployFiles.DEPLOY.resolve("container/Containerfile");

  @Test
  void theImageUnpacksTheReleaseOnAPinnedDebianWithTheToolsTheTargetsCall() throws Exception {
    String file = Files.readString(CONTAINERFILE);

    assertThat(file).containsPattern("(?m)^FROM debian:12\\.\\d+-slim$")
        .contains("ARG LIFEBOAT_VERSION=" + DeployFiles.releaseVersion() + "\n")
        .contains("ADD lifeboat-${LIFEBOAT_VERSION}.tar.gz /opt/\n")
        .contains("ln -s /opt/lifeboat-${LIFEBOAT_VERSION} /opt/lifeboat")
        .contains("openjdk-17-jre-headless", "postgresql-client", "postgresql-15", "redis-tools", "redis-server", "gnupg",
            "zstd", "create_main_cluster = false")
        .contains("no container engine runs there");
  }

  /** The base image is Debian 12: where the tests run on Debian 12 too, its package index knows each one. */
  @Test
  void everyPackageItInstallsIsInDebian12() throws Exception {
    Matcher install = Pattern.compile("apt-get install -y --no-install-recommends \\\\\n((?:\\s+[a-z0-9.+-]+ \\\\\n)+)")
        .matcher(Files.readString(CONTAINERFILE));
    assertThat(install.find()).as("an apt-get install of one package a line").isTrue();
    List<String> packages = new ArrayList<>();
    for (String line : install.group(1).split("\n")) {
      packages.add(line.replace("\\", "").strip());
    }
    assertThat(packages).contains("openjdk-17-jre-headless", "postgresql-15");
    assumeTrue(Files.readString(Path.of("/etc/os-release")).contains("VERSION_CODENAME=bookworm"),
        "the package names are checked on Debian 12 only");
    try (var lists = Files.list(Path.of("/var/lib/apt/lists"))) {
      assumeTrue(lists.anyMatch(f -> f.getFileName().toString().contains("bookworm_main_binary")),
          "no apt package index here: apt-get update first");
    }
    List<String> command = new ArrayList<>(List.of("apt-cache", "show", "--no-all-versions"));
    command.addAll(packages);
    Shell.Result show = Shell.exec(command);
    assertThat(show.exit()).as("Debian 12 has every package of %s: %s", packages, show.output()).isZero();
    assertThat(show.output()).contains(packages.stream().map(name -> "Package: " + name + "\n").toArray(String[]::new));
  }

  @Test
  void itRunsTheLauncherAsUser10001WithItsStateInAVolume() throws Exception {
    String file = Files.readString(CONTAINERFILE);

    assertThat(file).contains("useradd --system --uid 10001 --gid 10001")
        .containsPattern("(?m)^USER 10001:10001$")
        .contains("LIFEBOAT_HOME=/var/lib/lifeboat")
        .contains("VOLUME [\"/var/lib/lifeboat\"]")
        .contains("ENTRYPOINT [\"/opt/lifeboat/bin/lifeboat\"]\n")
        .contains("CMD [\"server\", \"/etc/lifeboat/lifeboat.yml\"]\n");
  }

  @Test
  void theHealthCheckAsksTheAdminPortComposesConfigurationOpens() throws Exception {
    LifeboatConfiguration compose = DeployFiles.loadConfiguration(DeployFiles.DEPLOY.resolve("compose/lifeboat.yml"));

    assertThat(Files.readString(CONTAINERFILE)).contains("HEALTHCHECK")
        .contains("curl -fsS -o /dev/null http://127.0.0.1:" + DeployFiles.port(compose, false) + "/healthcheck");
  }
}
