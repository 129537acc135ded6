package io.lifeboat.activities.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which PostgreSQL binaries a test restore's scratch cluster is made with, and who may connect to it. */
class ScratchClusterTest {
  @TempDir Path root;

  @Test
  void picksTheLowestMajorVersionAtLeastTheSourcesThatHasInitdbAndPgCtl() throws Exception {
    install("14");
    install("16");
    install("17");
    Files.createDirectories(root.resolve("15/bin")); // a client-only install: no initdb

    assertThat(ScratchCluster.binaries(root, 15)).contains(root.resolve("16/bin"));
    assertThat(ScratchCluster.binaries(root, 14)).contains(root.resolve("14/bin"));
    assertThat(ScratchCluster.binaries(root, 18)).isEmpty();
    assertThat(ScratchCluster.binaries(root.resolve("missing"), 15)).isEmpty();
  }

  /** It holds a copy of production data: another local user cannot connect without its password. */
  @Test
  void asksEveryConnectionForItsOwnPassword() throws Exception {
    try (ScratchCluster cluster = ScratchCluster.start(ScratchCluster.binaries(PostgresVerification.DEBIAN_BINARIES,
        15).orElseThrow(), PostgresVerification.DEFAULT_OS_USER, "UTF8", "auth-" + System.nanoTime())) {
      PostgresServer server = cluster.server();
      try (var connection = server.connect("postgres"); var statement = connection.createStatement();
          var rows = statement.executeQuery("SELECT 1")) {
        assertThat(rows.next()).isTrue();
      }
      PostgresServer withoutPassword = new PostgresServer(server.host(), server.port(), server.user(), null,
          "disable");
      assertThatThrownBy(() -> withoutPassword.connect("postgres").close()).hasMessageContaining("password");
      PostgresServer guessing = new PostgresServer(server.host(), server.port(), server.user(), "postgres",
          "disable");
      assertThatThrownBy(() -> guessing.connect("postgres").close()).hasMessageContaining("password");
    }
  }

  @Test
  void readsTheMajorVersionOfAServerVersion() {
    assertThat(PostgresDestinations.major("15.10 (Debian 15.10-0+deb12u1)")).isEqualTo(15);
    assertThat(PostgresDestinations.major("17devel")).isEqualTo(17);
    assertThat(PostgresDestinations.major(null)).isZero();
    assertThat(PostgresDestinations.major("unknown")).isZero();
  }

  private void install(String major) throws Exception {
    Path bin = Files.createDirectories(root.resolve(major).resolve("bin"));
    for (String tool : new String[] {"initdb", "pg_ctl"}) {
      Files.createFile(bin.resolve(tool), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
          "rwxr-xr-x")));
    }
  }
}
