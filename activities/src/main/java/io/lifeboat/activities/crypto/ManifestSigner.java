package io.lifeboat.activities.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Signs manifests with a detached, binary OpenPGP signature (SHA-256), the kind
 * {@code gpg --verify manifest.json.sig manifest.json} checks, and verifies such signatures
 * against the trusted public keys.
 */
public final class ManifestSigner {

  private final PGPSecretKey signingKey;
  private final SecretKeys keys;
  private final List<PGPPublicKeyRing> trusted;

  /** Signs with {@code keys} and trusts only manifests signed by them. */
  public ManifestSigner(SecretKeys keys) {
    this(keys, keys.publicKeyRings());
  }

  /** Signs with {@code keys} and trusts manifests signed by any of {@code trusted}. */
  public ManifestSigner(SecretKeys keys, List<PGPPublicKeyRing> trusted) {
    this.keys = keys;
    this.signingKey = keys.signingKey();
    this.trusted = List.copyOf(trusted);
  }

  /** Fingerprint (uppercase hex) of the key that signs, for the manifest. */
  public String signerFingerprint() {
    return OpenPgpKeys.fingerprint(signingKey.getPublicKey());
  }

  /** A detached binary signature of {@code data}. */
  public byte[] sign(byte[] data) {
    PGPPublicKey publicKey = signingKey.getPublicKey();
    try {
      PGPSignatureGenerator generator =
          new PGPSignatureGenerator(
              new JcaPGPContentSignerBuilder(publicKey.getAlgorithm(), HashAlgorithmTags.SHA256),
              publicKey);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(true, new Date());
      hashed.setIssuerFingerprint(false, publicKey);
      generator.setHashedSubpackets(hashed.generate());
      generator.init(PGPSignature.BINARY_DOCUMENT, keys.unlocked(signingKey));
      generator.update(data);
      ByteArrayOutputStream signature = new ByteArrayOutputStream();
      generator.generate().encode(signature);
      return signature.toByteArray();
    } catch (PGPException | IOException e) {
      throw new IllegalStateException(
          "could not sign with key " + signerFingerprint() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Checks {@code signature} against the keys this signer trusts; see {@link #verify(byte[],
   * byte[], List)}.
   */
  public String verify(byte[] data, byte[] signature) {
    return verify(data, signature, trusted);
  }

  /**
   * Checks that {@code signature} (binary or armored) is a valid signature of {@code data} by
   * one of the {@code trusted} keys, and returns that key's fingerprint.
   *
   * @throws BadSignatureException when it is malformed, made by a key that is not trusted, or
   *     does not match the data
   */
  public static String verify(byte[] data, byte[] signature, List<PGPPublicKeyRing> trusted) {
    PGPSignature parsed = parse(signature);
    PGPPublicKey signer = find(parsed, trusted);
    String fingerprint = OpenPgpKeys.fingerprint(signer);
    try {
      parsed.init(new JcaPGPContentVerifierBuilderProvider(), signer);
      parsed.update(data);
      if (parsed.verify()) {
        return fingerprint;
      }
    } catch (PGPException e) {
      throw new BadSignatureException(
          "could not check the signature by key " + fingerprint + ": " + e.getMessage(), e);
    }
    throw new BadSignatureException(
        "the signature by key " + fingerprint + " does not match the manifest: the manifest was"
            + " changed after it was signed (or the signature belongs to another manifest)."
            + " Do not trust this backup's contents; use another backup or the off-site copy.");
  }

  private static PGPSignature parse(byte[] signature) {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(signature))) {
      Object object = new JcaPGPObjectFactory(in).nextObject();
      if (object instanceof PGPSignatureList list && !list.isEmpty()) {
        PGPSignature parsed = list.get(0);
        int type = parsed.getSignatureType();
        if (type == PGPSignature.BINARY_DOCUMENT || type == PGPSignature.CANONICAL_TEXT_DOCUMENT) {
          return parsed;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new BadSignatureException(
          "the manifest signature is not a detached OpenPGP signature: " + e.getMessage(), e);
    }
    throw new BadSignatureException(
        "the manifest signature is not a detached OpenPGP signature of a document");
  }

  private static PGPPublicKey find(PGPSignature signature, List<PGPPublicKeyRing> trusted) {
    List<KeyIdentifier> issuers = signature.getKeyIdentifiers();
    for (PGPPublicKeyRing ring : trusted) {
      for (KeyIdentifier issuer : issuers) {
        PGPPublicKey key = ring.getPublicKey(issuer);
        if (key != null) {
          return key;
        }
      }
    }
    List<String> signers = issuers.stream().map(id -> OpenPgpKeys.keyId(id.getKeyId())).toList();
    List<String> trustedKeys = trusted.stream().map(OpenPgpKeys::fingerprint).toList();
    throw new BadSignatureException(
        "the manifest is signed by key " + signers + ", which is not one of the trusted signing"
            + " keys " + trustedKeys + ": add its public key to the trusted keys if it is yours;"
            + " otherwise the manifest was not written by this Lifeboat");
  }
}
