package io.lifeboat.config.secrets;

import io.lifeboat.config.SecretStoresConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads secret references from the stores {@code secretStores} configures. A store's client is
 * made when the first reference to it is read, so a configuration without references never
 * reaches a store. Secrets are returned, never cached on disk.
 */
public final class SecretStores {
  private final SecretStoresConfig config;
  private final Map<String, String> environment;
  private final Map<String, SecretStore> stores = new HashMap<>();

  public SecretStores(SecretStoresConfig config, Map<String, String> environment) {
    this.config = config;
    this.environment = Map.copyOf(environment);
  }

  /**
   * The secret {@code reference} names.
   *
   * @throws SecretException naming the reference, the store and the fix
   */
  public String read(String reference) {
    SecretReference parsed = SecretReference.parse(reference);
    return store(parsed).read(parsed);
  }

  private synchronized SecretStore store(SecretReference reference) {
    SecretStore store = stores.get(reference.scheme());
    if (store == null) {
      store = open(reference);
      stores.put(reference.scheme(), store);
    }
    return store;
  }

  private SecretStore open(SecretReference reference) {
    switch (reference.scheme()) {
      case SecretReference.VAULT:
        if (config.getVault() == null) {
          throw notConfigured(reference, "secretStores.vault (address, tokenEnv)");
        }
        return new VaultKv(config.getVault(), environment);
      case SecretReference.AWS_SECRETS_MANAGER:
        if (config.getAws() == null) {
          throw notConfigured(reference, "secretStores.aws (region, optional endpoint)");
        }
        return new AwsSecretsManager(config.getAws());
      case SecretReference.AWS_KMS:
        if (config.getAws() == null) {
          throw notConfigured(reference, "secretStores.aws (region, optional endpoint)");
        }
        return new AwsKms(config.getAws());
      default:
        throw new IllegalStateException("unparsed scheme " + reference.scheme());
    }
  }

  private static SecretException notConfigured(SecretReference reference, String section) {
    return new SecretException("cannot read " + reference + ": no " + reference.scheme() + " store is configured;"
        + " add " + section + " to the configuration");
  }
}
