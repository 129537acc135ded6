package io.lifeboat.config.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretReferenceTest {
  @Test
  void parsesEachScheme() {
    assertThat(SecretReference.parse("vault:secret/lifeboat/pg#password"))
        .isEqualTo(new SecretReference("vault:secret/lifeboat/pg#password", "vault", "secret/lifeboat/pg", "password"));
    assertThat(SecretReference.parse("aws-secretsmanager:arn:aws:secretsmanager:eu-north-1:123456789012:secret:pg-AbCd#pw"))
        .extracting(SecretReference::location, SecretReference::field)
        .containsExactly("arn:aws:secretsmanager:eu-north-1:123456789012:secret:pg-AbCd", "pw");
    assertThat(SecretReference.parse("aws-secretsmanager:lifeboat/key").field()).isNull();
    assertThat(SecretReference.parse("aws-kms:/etc/lifeboat/key.kms").location()).isEqualTo("/etc/lifeboat/key.kms");
  }

  @Test
  void anUnknownSchemeNamesTheKnownOnes() {
    assertThatThrownBy(() -> SecretReference.parse("gcp-secrets:lifeboat/pg"))
        .isInstanceOf(SecretException.class)
        .hasMessage("secret reference gcp-secrets:lifeboat/pg has the unknown scheme 'gcp-secrets': use one of"
            + " vault:, aws-secretsmanager:, aws-kms:");
  }

  @Test
  void aVaultReferenceWithoutFieldShowsTheForm() {
    assertThatThrownBy(() -> SecretReference.parse("vault:secret/lifeboat/pg"))
        .isInstanceOf(SecretException.class)
        .hasMessage("secret reference vault:secret/lifeboat/pg does not name a mount, a path and a field: write"
            + " vault:<mount>/<path>#<field>, e.g. vault:secret/lifeboat/pg#password");
  }

  @Test
  void anEnvironmentVariableNameIsNotAReference() {
    assertThat(SecretReference.looksLikeReference("PGPASSWORD")).isFalse();
    assertThat(SecretReference.looksLikeReference("vault:secret/x#y")).isTrue();
  }
}
