package io.lifeboat.activities.crypto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/**
 * The unlocked secret keys of one or more OpenPGP key rings, as loaded by {@link OpenPgpKeys}:
 * what a restore needs to decrypt and what a backup needs to sign its manifest.
 */
public final class SecretKeys {

  private final List<PGPSecretKeyRing> rings;
  private final Map<Long, PGPPrivateKey> privateKeys;

  SecretKeys(List<PGPSecretKeyRing> rings, Map<Long, PGPPrivateKey> privateKeys) {
    this.rings = List.copyOf(rings);
    this.privateKeys = Collections.unmodifiableMap(new LinkedHashMap<>(privateKeys));
  }

  /** The private key with this key id, if it is one of these keys. */
  public Optional<PGPPrivateKey> privateKey(long keyId) {
    return Optional.ofNullable(privateKeys.get(keyId));
  }

  /** The ids of every unlocked key (primary keys and subkeys). */
  public List<Long> keyIds() {
    return List.copyOf(privateKeys.keySet());
  }

  /** Fingerprints (uppercase hex) of the rings' primary keys. */
  public List<String> fingerprints() {
    return rings.stream().map(ring -> OpenPgpKeys.fingerprint(ring.getPublicKey())).toList();
  }

  /** The public halves, e.g. to verify this key's own signatures or to encrypt to it. */
  public List<PGPPublicKeyRing> publicKeyRings() {
    List<PGPPublicKeyRing> publicRings = new ArrayList<>();
    for (PGPSecretKeyRing ring : rings) {
      List<PGPPublicKey> keys = new ArrayList<>();
      ring.getPublicKeys().forEachRemaining(keys::add);
      publicRings.add(new PGPPublicKeyRing(keys));
    }
    return publicRings;
  }

  /** The first ring's primary key when it may sign, else its first signing subkey. */
  PGPSecretKey signingKey() {
    for (PGPSecretKeyRing ring : rings) {
      for (PGPSecretKey key : ring) {
        if (key.isSigningKey() && privateKeys.containsKey(key.getKeyID())) {
          return key;
        }
      }
    }
    throw new KeyLoadingException(
        "none of the keys " + fingerprints() + " can sign: configure a key with a signing"
            + " (primary) secret key", null);
  }

  PGPPrivateKey unlocked(PGPSecretKey key) {
    return privateKeys.get(key.getKeyID());
  }
}
