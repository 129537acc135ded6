package io.lifeboat.worker;

import io.lifeboat.activities.artifact.WrongKeyException;
import io.lifeboat.activities.crypto.KeyLoadingException;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.crypto.SecretKeys;
import io.lifeboat.config.DecryptionKeyConfig;
import io.lifeboat.config.EncryptionConfig;
import io.lifeboat.config.secrets.SecretException;
import io.lifeboat.config.secrets.SecretStores;
import io.lifeboat.manifest.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * The OpenPGP keys the configuration names: recipients (public keys backups are encrypted to),
 * the manifest signing key and the keys trusted to have signed, and — only on machines that
 * restore — the decryption keys. Keys in files or the environment are read at start, so a
 * mistake shows at once; decryption keys in a secret store are fetched when the first object is
 * decrypted (a machine that never restores never fetches them), then kept in memory only.
 */
record Keyring(List<PGPPublicKeyRing> recipients, ManifestSigner signer, Supplier<List<SecretKeys>> decryption,
    List<PGPPublicKeyRing> signingPublicKeys) {

  static Keyring load(EncryptionConfig config, SecretStores secrets) {
    List<PGPPublicKeyRing> recipients = new ArrayList<>();
    for (Path file : config.getRecipients()) {
      recipients.addAll(OpenPgpKeys.publicKeys(file));
    }
    char[] signingPassphrase = chars(config.getSigningKeyPassphrase());
    SecretKeys signing = config.getSigningKeySecret() != null
        ? OpenPgpKeys.armoredSecretKeys(secrets.read(config.getSigningKeySecret()), signingPassphrase,
            config.getSigningKeySecret())
        : OpenPgpKeys.secretKeys(config.getSigningKey(), signingPassphrase);
    List<PGPPublicKeyRing> trusted = new ArrayList<>();
    for (Path file : config.getVerificationKeys()) {
      trusted.addAll(OpenPgpKeys.publicKeys(file));
    }
    if (trusted.isEmpty()) {
      trusted.addAll(signing.publicKeyRings());
    }
    return new Keyring(recipients, new ManifestSigner(signing, trusted),
        decryption(config.allDecryptionKeys(), secrets), signing.publicKeyRings());
  }

  /** How backups are encrypted and signed, as the manifest records it. */
  Manifest.Encryption manifestEncryption() {
    return new Manifest.Encryption("openpgp", recipients.stream().map(OpenPgpKeys::fingerprint).toList(),
        signer.signerFingerprint());
  }

  private static Supplier<List<SecretKeys>> decryption(List<DecryptionKeyConfig> configs, SecretStores secrets) {
    List<SecretKeys> atStart = new ArrayList<>();
    List<DecryptionKeyConfig> fromStores = new ArrayList<>();
    for (DecryptionKeyConfig config : configs) {
      if (config.getSecret() != null) {
        fromStores.add(config);
      } else {
        atStart.add(fromFileOrEnvironment(config, passphrase(config, secrets)));
      }
    }
    if (fromStores.isEmpty()) {
      List<SecretKeys> keys = List.copyOf(atStart);
      return () -> keys;
    }
    return new FetchedOnce(atStart, fromStores, secrets);
  }

  /**
   * Fetches the secret-store keys on first use and keeps them. A failure is not kept: the next
   * use (the activity's retry) tries again, so a store that was briefly unreachable is no lasting
   * harm; an answer that will not change (no such secret, access denied, not a key) fails the run
   * at once as a wrong key.
   */
  private static final class FetchedOnce implements Supplier<List<SecretKeys>> {
    private final List<SecretKeys> atStart;
    private final List<DecryptionKeyConfig> fromStores;
    private final SecretStores secrets;
    private volatile List<SecretKeys> all;

    FetchedOnce(List<SecretKeys> atStart, List<DecryptionKeyConfig> fromStores, SecretStores secrets) {
      this.atStart = List.copyOf(atStart);
      this.fromStores = List.copyOf(fromStores);
      this.secrets = secrets;
    }

    @Override
    public List<SecretKeys> get() {
      List<SecretKeys> keys = all;
      if (keys == null) {
        synchronized (this) {
          if (all == null) {
            all = fetch();
          }
          keys = all;
        }
      }
      return keys;
    }

    private List<SecretKeys> fetch() {
      List<SecretKeys> keys = new ArrayList<>(atStart);
      for (DecryptionKeyConfig config : fromStores) {
        try {
          keys.add(OpenPgpKeys.armoredSecretKeys(secrets.read(config.getSecret()), passphrase(config, secrets),
              config.getSecret()));
        } catch (KeyLoadingException e) {
          // Not worth retrying: the store answered, with something that is not a usable key.
          throw new WrongKeyException("decryption key " + config.getSecret() + " is unusable: " + e.getMessage(), e);
        } catch (SecretException e) {
          if (e.isTransient()) {
            throw e; // the activity's next attempt tries the store again
          }
          throw new WrongKeyException(e.getMessage(), e); // no such secret, access denied: the same next time
        }
      }
      return List.copyOf(keys);
    }
  }

  private static SecretKeys fromFileOrEnvironment(DecryptionKeyConfig config, char[] passphrase) {
    if (config.getFile() != null) {
      return OpenPgpKeys.secretKeys(config.getFile(), passphrase);
    }
    String armored = System.getenv(config.getEnv());
    if (armored == null || armored.isBlank()) {
      throw new IllegalStateException("the decryption key is configured to come from the environment variable "
          + config.getEnv() + ", which is not set; export it with the armored secret key, or remove decryptionKey "
          + "on machines that only write backups");
    }
    return OpenPgpKeys.secretKeys(armored, passphrase);
  }

  private static char[] passphrase(DecryptionKeyConfig config, SecretStores secrets) {
    if (config.getPassphraseSecret() != null) {
      return chars(secrets.read(config.getPassphraseSecret()));
    }
    return config.getPassphraseEnv() == null ? null : chars(System.getenv(config.getPassphraseEnv()));
  }

  private static char[] chars(String text) {
    return text == null || text.isEmpty() ? null : text.toCharArray();
  }
}
