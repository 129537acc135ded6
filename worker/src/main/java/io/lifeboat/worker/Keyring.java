package io.lifeboat.worker;

import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.crypto.SecretKeys;
import io.lifeboat.config.DecryptionKeyConfig;
import io.lifeboat.config.EncryptionConfig;
import io.lifeboat.manifest.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenPGP keys the configuration names: recipients (public keys backups are encrypted to),
 * the manifest signing key and the keys trusted to have signed, and — only on machines that
 * restore — the decryption key.
 */
record Keyring(List<org.bouncycastle.openpgp.PGPPublicKeyRing> recipients, ManifestSigner signer,
    List<SecretKeys> decryption, List<org.bouncycastle.openpgp.PGPPublicKeyRing> signingPublicKeys) {

  static Keyring load(EncryptionConfig config) {
    List<org.bouncycastle.openpgp.PGPPublicKeyRing> recipients = new ArrayList<>();
    for (Path file : config.getRecipients()) {
      recipients.addAll(OpenPgpKeys.publicKeys(file));
    }
    SecretKeys signing = OpenPgpKeys.secretKeys(config.getSigningKey(), chars(config.getSigningKeyPassphrase()));
    List<org.bouncycastle.openpgp.PGPPublicKeyRing> trusted = new ArrayList<>();
    for (Path file : config.getVerificationKeys()) {
      trusted.addAll(OpenPgpKeys.publicKeys(file));
    }
    if (trusted.isEmpty()) {
      trusted.addAll(signing.publicKeyRings());
    }
    return new Keyring(recipients, new ManifestSigner(signing, trusted), decryption(config.getDecryptionKey()),
        signing.publicKeyRings());
  }

  /** How backups are encrypted and signed, as the manifest records it. */
  Manifest.Encryption manifestEncryption() {
    return new Manifest.Encryption("openpgp", recipients.stream().map(OpenPgpKeys::fingerprint).toList(),
        signer.signerFingerprint());
  }

  private static List<SecretKeys> decryption(DecryptionKeyConfig config) {
    if (config == null) {
      return List.of();
    }
    char[] passphrase = config.getPassphraseEnv() == null ? null : chars(System.getenv(config.getPassphraseEnv()));
    if (config.getFile() != null) {
      return List.of(OpenPgpKeys.secretKeys(config.getFile(), passphrase));
    }
    String armored = System.getenv(config.getEnv());
    if (armored == null || armored.isBlank()) {
      throw new IllegalStateException("the decryption key is configured to come from the environment variable "
          + config.getEnv() + ", which is not set; export it with the armored secret key, or remove decryptionKey "
          + "on machines that only write backups");
    }
    return List.of(OpenPgpKeys.secretKeys(armored, passphrase));
  }

  private static char[] chars(String text) {
    return text == null || text.isEmpty() ? null : text.toCharArray();
  }
}
