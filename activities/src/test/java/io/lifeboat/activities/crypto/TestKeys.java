package io.lifeboat.activities.crypto;

import io.lifeboat.activities.wal.WalSignatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * Key pairs generated once per test JVM (RSA key generation takes seconds), as the embedded
 * defaults generate them: armored files on disk.
 */
public final class TestKeys {

  private static TestKeys alice;
  private static TestKeys mallory;

  private final Path publicKeyFile;
  private final Path secretKeyFile;

  private TestKeys(Path publicKeyFile, Path secretKeyFile) {
    this.publicKeyFile = publicKeyFile;
    this.secretKeyFile = secretKeyFile;
  }

  /** The backups' own key: recipient and manifest signer. */
  public static synchronized TestKeys alice() {
    if (alice == null) {
      alice = generate("Alice <alice@lifeboat.test>");
    }
    return alice;
  }

  /** Somebody else's key. */
  public static synchronized TestKeys mallory() {
    if (mallory == null) {
      mallory = generate("Mallory <mallory@lifeboat.test>");
    }
    return mallory;
  }

  public Path publicKeyFile() {
    return publicKeyFile;
  }

  public Path secretKeyFile() {
    return secretKeyFile;
  }

  public List<PGPPublicKeyRing> publicKeys() {
    return OpenPgpKeys.publicKeys(publicKeyFile);
  }

  public SecretKeys secretKeys() {
    return OpenPgpKeys.secretKeys(secretKeyFile, null);
  }

  /** Signatures of archived WAL by this key, refusing every unsigned file. */
  public WalSignatures walSignatures() {
    return new WalSignatures(new ManifestSigner(secretKeys()), null);
  }

  public String fingerprint() {
    return OpenPgpKeys.fingerprint(publicKeys().get(0));
  }

  private static TestKeys generate(String userId) {
    try {
      Path folder = Files.createTempDirectory("lifeboat-keys");
      folder.toFile().deleteOnExit();
      Path publicKey = folder.resolve("key.pub.asc");
      Path secretKey = folder.resolve("key.sec.asc");
      OpenPgpKeys.generate(userId, publicKey, secretKey);
      publicKey.toFile().deleteOnExit();
      secretKey.toFile().deleteOnExit();
      return new TestKeys(publicKey, secretKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
