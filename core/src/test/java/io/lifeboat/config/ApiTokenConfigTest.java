package io.lifeboat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** auth.tokens: a token as its SHA-256 or (discouraged) in plaintext, exactly one; roles; targets it is limited to. */
class ApiTokenConfigTest {
  private static final String BASE = """
      storage:
        bucket: lifeboat-backups
      encryption:
        recipients: [/keys/ops.asc]
        signingKey: /keys/signer.sec.asc
      catalog:
        driverClass: org.postgresql.Driver
        url: jdbc:postgresql://localhost:5432/lifeboat
      targets:
        orders:
          kind: postgres
          host: db
          database: orders
          user: backup
          rpo: 15 minutes
          rto: 1 hour
      auth:
        tokens:
      """;
  // printf %s approver-token-0123456789 | sha256sum
  private static final String SHA256 = "0a84d2b42766051f86a50320eb47e11182fe6ffa8ac80cd201bc6dc18ea2e807";

  @TempDir Path directory;

  private LifeboatConfiguration load(String token) throws Exception {
    return LifeboatConfigLoader.load(Files.writeString(directory.resolve("lifeboat.yml"), BASE + token), Map.of());
  }

  @Test
  void aHashedTokenAndAPlaintextOneMeanTheSameSha256() throws Exception {
    ApiTokenConfig hashed = load("    - {tokenSha256: " + SHA256.toUpperCase() + ", principal: paula, roles: [approver],"
        + " targets: [orders]}\n").getAuth().getTokens().get(0);
    ApiTokenConfig plain = load("    - {token: approver-token-0123456789, principal: paula, roles: [admin]}\n")
        .getAuth().getTokens().get(0);

    assertThat(HexFormat.of().formatHex(hashed.sha256())).isEqualTo(SHA256);
    assertThat(plain.sha256()).isEqualTo(hashed.sha256());
    assertThat(hashed.isPlaintext()).isFalse();
    assertThat(plain.isPlaintext()).isTrue();
    assertThat(hashed.getTargets()).containsExactly("orders");
    assertThat(plain.getTargets()).isEmpty();
  }

  @Test
  void refusesBothSecretsNeitherOrAMalformedHash() {
    assertThatThrownBy(() -> load("    - {token: approver-token-0123456789, tokenSha256: " + SHA256
        + ", principal: p, roles: [viewer]}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("give exactly one of token and tokenSha256");
    assertThatThrownBy(() -> load("    - {principal: p, roles: [viewer]}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("give exactly one of token and tokenSha256");
    assertThatThrownBy(() -> load("    - {tokenSha256: abc123, principal: p, roles: [viewer]}\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must be 64 hex digits");
  }

  @Test
  void refusesAnUnknownRoleAndATargetNotDeclared() {
    assertThatThrownBy(() -> load("    - {tokenSha256: " + SHA256 + ", principal: p, roles: [root]}\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must be viewer, operator, approver or admin");
    assertThatThrownBy(() -> load("    - {tokenSha256: " + SHA256 + ", principal: p, roles: [operator],"
        + " targets: [ordres]}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.tokens[].targets names a target not declared under 'targets:'");
  }

  @Test
  void theShortestPlaintextTokenIsSixteenCharacters() throws IOException {
    assertThatThrownBy(() -> load("    - {token: too-short, principal: p, roles: [viewer]}\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("at least 16 characters");
  }
}
