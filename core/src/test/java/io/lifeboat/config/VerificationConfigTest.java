package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verification:}: where test restores of PostgreSQL backups run. */
class VerificationConfigTest {
  private static final String REST_OF_FILE = """
      storage: {bucket: lifeboat-backups}
      encryption: {recipients: [/keys/ops.asc], signingKey: /keys/signer.sec.asc}
      catalog: {driverClass: org.postgresql.Driver, url: "jdbc:postgresql://localhost:5432/lifeboat"}
      """;

  @TempDir Path directory;

  @Test
  void defaultsToAPrivateClusterOfTheMachinesBinariesRunAsPostgres() throws Exception {
    VerificationConfig verification = load("").getVerification();

    assertThat(verification.getScratchServer()).isNull();
    assertThat(verification.getPostgresBinaries()).isEqualTo("/usr/lib/postgresql");
    assertThat(verification.getOsUser()).isEqualTo("postgres");
  }

  @Test
  void mapsAScratchServerAndTheClusterSettings() throws Exception {
    VerificationConfig verification = load("""
        verification:
          scratchServer: {host: scratch.internal, port: 6543, user: lifeboat, password: pw}
          postgresBinaries: /opt/pg
          osUser: pgrunner
        """).getVerification();

    assertThat(verification.getScratchServer().getHost()).isEqualTo("scratch.internal");
    assertThat(verification.getScratchServer().getPort()).isEqualTo(6543);
    assertThat(verification.getScratchServer().getUser()).isEqualTo("lifeboat");
    assertThat(verification.getScratchServer().getPassword()).isEqualTo("pw");
    assertThat(verification.getPostgresBinaries()).isEqualTo("/opt/pg");
    assertThat(verification.getOsUser()).isEqualTo("pgrunner");
  }

  @Test
  void aScratchServerWithoutHostIsRefusedInOneLine() throws Exception {
    Path file = Files.writeString(directory.resolve("lifeboat.yml"), REST_OF_FILE
        + "verification:\n  scratchServer: {user: lifeboat}\n");

    Throwable thrown = catchThrowable(() -> LifeboatConfigLoader.load(file, Map.of()));

    assertThat(thrown).isInstanceOf(ConfigException.class)
        .hasMessage("Configuration file " + file + " has an error: 'verification.scratchServer.host' must not be"
            + " blank.");
  }

  private LifeboatConfiguration load(String verification) throws IOException, ConfigException {
    return LifeboatConfigLoader.load(Files.writeString(directory.resolve("lifeboat.yml"), REST_OF_FILE
        + verification), Map.of());
  }
}
