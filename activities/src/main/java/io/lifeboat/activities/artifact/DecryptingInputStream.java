package io.lifeboat.activities.artifact;

import io.lifeboat.activities.crypto.AesCfbDecryptorFactory;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.crypto.SecretKeys;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPDataValidationException;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;

/**
 * The plaintext of an OpenPGP message encrypted to one of our keys. Refuses messages without
 * integrity protection; {@link #intact()} checks the MDC once the plaintext has been read.
 */
final class DecryptingInputStream extends FilterInputStream {

  private final PGPPublicKeyEncryptedData encrypted;

  private DecryptingInputStream(InputStream plaintext, PGPPublicKeyEncryptedData encrypted) {
    super(plaintext);
    this.encrypted = encrypted;
  }

  /**
   * Starts decrypting {@code message}.
   *
   * @param where the object's name, for messages
   * @throws WrongKeyException when none of {@code keys} is a recipient of the message
   * @throws IOException or PGPException when the message is not what Lifeboat writes
   */
  static DecryptingInputStream open(InputStream message, List<SecretKeys> keys, String where)
      throws IOException, PGPException {
    PGPEncryptedDataList list = encryptedDataList(new JcaPGPObjectFactory(message));
    List<String> recipients = new ArrayList<>();
    for (PGPEncryptedData data : list) {
      if (data instanceof PGPPublicKeyEncryptedData toKey) {
        long keyId = toKey.getKeyIdentifier().getKeyId();
        recipients.add(OpenPgpKeys.keyId(keyId));
        Optional<PGPPrivateKey> privateKey = privateKey(keys, keyId);
        if (privateKey.isPresent()) {
          return decrypt(toKey, privateKey.get(), where);
        }
      }
    }
    List<String> available = new ArrayList<>();
    keys.forEach(k -> k.keyIds().forEach(id -> available.add(OpenPgpKeys.keyId(id))));
    throw new WrongKeyException(
        where + " is encrypted to key ids " + recipients + " but the configured decryption keys"
            + " have ids " + available + ": configure the secret key of one of the recipients"
            + " (the manifest lists their fingerprints)", null);
  }

  /** Whether the OpenPGP modification detection code matches; call after reading to the end. */
  boolean intact() throws IOException, PGPException {
    return encrypted.verify();
  }

  private static DecryptingInputStream decrypt(
      PGPPublicKeyEncryptedData toKey, PGPPrivateKey privateKey, String where)
      throws IOException, PGPException {
    if (!toKey.isIntegrityProtected()) {
      throw new PGPException(where + " is not integrity-protected (no MDC): refusing to use it");
    }
    InputStream clear;
    try {
      clear = toKey.getDataStream(new AesCfbDecryptorFactory(privateKey));
    } catch (PGPDataValidationException e) {
      throw e; // the session key decrypted but the data's check bytes do not match: damage
    } catch (PGPException e) {
      throw new WrongKeyException(
          "key " + OpenPgpKeys.keyId(toKey.getKeyIdentifier().getKeyId()) + " could not recover"
              + " the session key of " + where + " (" + e.getMessage() + "): configure the secret"
              + " key that matches the recipient's public key, or, if it is that key, the"
              + " object's header is damaged (compare its checksum with the manifest's)", e);
    }
    JcaPGPObjectFactory content = new JcaPGPObjectFactory(clear);
    Object packet = content.nextObject();
    if (packet instanceof PGPCompressedData compressed) {
      // Not what Lifeboat writes, but what gpg writes by default if an operator re-encrypted a
      // backup by hand.
      content = new JcaPGPObjectFactory(compressed.getDataStream());
      packet = content.nextObject();
    }
    if (!(packet instanceof PGPLiteralData literal)) {
      throw new PGPException(where + " holds no literal data packet but " + packet);
    }
    return new DecryptingInputStream(literal.getInputStream(), toKey);
  }

  private static PGPEncryptedDataList encryptedDataList(JcaPGPObjectFactory packets)
      throws IOException, PGPException {
    Object packet = packets.nextObject();
    while (packet instanceof PGPMarker) {
      packet = packets.nextObject();
    }
    if (packet instanceof PGPEncryptedDataList list) {
      return list;
    }
    throw new PGPException("not an OpenPGP encrypted message (first packet: " + packet + ")");
  }

  private static Optional<PGPPrivateKey> privateKey(List<SecretKeys> keys, long keyId) {
    return keys.stream().flatMap(k -> k.privateKey(keyId).stream()).findFirst();
  }
}
