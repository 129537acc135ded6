package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.config.LifeboatConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
        .contains("openjdk-17-jre-headless", "postgresql-client", "redis-tools", "gnupg", "zstd")
        .contains("no container engine runs there");
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
