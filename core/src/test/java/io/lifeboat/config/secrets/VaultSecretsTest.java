package io.lifeboat.config.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.config.SecretStoresConfig;
import io.lifeboat.config.VaultStoreConfig;
import io.lifeboat.testing.MotoServer;
import java.net.URI;
import java.util.Map;
import io.lifeboat.testing.VaultKvFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code vault:} references against {@link VaultKvFake} (Vault itself cannot be installed here). */
class VaultSecretsTest {
  private static final String TOKEN = "hvs.test-token";

  private VaultKvFake vault;

  @BeforeEach
  void start() throws Exception {
    vault = VaultKvFake.start(TOKEN, "ops");
    vault.put("secret", "lifeboat/pg", Map.of("password", "s3cret", "user", "backup"));
  }

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void readsAFieldOfAKvVersion2Secret() {
    assertThat(stores(vault.address(), TOKEN).read("vault:secret/lifeboat/pg#password")).isEqualTo("s3cret");
    assertThat(vault.requests()).containsExactly("/v1/secret/data/lifeboat/pg");
  }

  @Test
  void aMissingFieldNamesTheFieldsThereAre() {
    assertThatThrownBy(() -> stores(vault.address(), TOKEN).read("vault:secret/lifeboat/pg#pasword"))
        .isInstanceOf(SecretException.class)
        .hasMessage("cannot read vault:secret/lifeboat/pg#pasword: the Vault secret secret/lifeboat/pg has no text"
            + " field 'pasword' (its fields: [password, user]); add it or name one of those after #")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aMissingSecretIsNamedWithTheCommandThatWritesIt() {
    assertThatThrownBy(() -> stores(vault.address(), TOKEN).read("vault:secret/lifeboat/redis#password"))
        .isInstanceOf(SecretException.class)
        .hasMessage("cannot read vault:secret/lifeboat/redis#password: Vault at " + vault.address() + " has no"
            + " secret at secret/lifeboat/redis (KV version 2 mount 'secret'); write it with"
            + " `vault kv put secret/lifeboat/redis password=...` or correct the reference");
  }

  @Test
  void aWrongTokenIsRefusedWithTheVariableAndThePolicyToGrant() {
    assertThatThrownBy(() -> stores(vault.address(), "hvs.expired").read("vault:secret/lifeboat/pg#password"))
        .isInstanceOf(SecretException.class)
        .hasMessage("cannot read vault:secret/lifeboat/pg#password: Vault at " + vault.address() + " denied the"
            + " token in VAULT_TOKEN (permission denied); give it a policy that allows read on"
            + " secret/data/lifeboat/pg, or export a valid token");
  }

  @Test
  void anUnsetTokenVariableIsNamed() {
    SecretStores stores = new SecretStores(config(vault.address()), Map.of());

    assertThatThrownBy(() -> stores.read("vault:secret/lifeboat/pg#password"))
        .isInstanceOf(SecretException.class)
        .hasMessage("cannot read vault:secret/lifeboat/pg#password: the Vault token variable VAULT_TOKEN is not"
            + " set; export it (or set secretStores.vault.tokenEnv to the variable that holds the token)");
    assertThat(vault.requests()).isEmpty();
  }

  @Test
  void anUnreachableVaultNamesTheAddressToCheck() throws Exception {
    URI down = URI.create("http://127.0.0.1:" + MotoServer.freePort());

    assertThatThrownBy(() -> stores(down, TOKEN).read("vault:secret/lifeboat/pg#password"))
        .isInstanceOf(SecretException.class)
        .hasMessage("cannot read vault:secret/lifeboat/pg#password: Vault at " + down + " is unreachable"
            + " (connection refused); check secretStores.vault.address and that Vault is running");
  }

  @Test
  void aReferenceWithoutAConfiguredStoreNamesTheSectionToAdd() {
    assertThatThrownBy(() -> new SecretStores(new SecretStoresConfig(), Map.of())
        .read("vault:secret/lifeboat/pg#password"))
        .isInstanceOf(SecretException.class)
        .hasMessage("cannot read vault:secret/lifeboat/pg#password: no vault store is configured; add"
            + " secretStores.vault (address, tokenEnv) to the configuration");
  }

  private static SecretStores stores(URI address, String token) {
    return new SecretStores(config(address), Map.of("VAULT_TOKEN", token));
  }

  private static SecretStoresConfig config(URI address) {
    VaultStoreConfig vault = new VaultStoreConfig();
    vault.setAddress(address);
    vault.setNamespace("ops");
    SecretStoresConfig config = new SecretStoresConfig();
    config.setVault(vault);
    return config;
  }
}
