package io.lifeboat.activities.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;

/**
 * Reads, identifies and generates the OpenPGP keys Lifeboat uses: recipients' public keys (the
 * machines that write backups hold only these), the secret keys that decrypt and sign, and a
 * fresh key pair for the embedded defaults. Every operation goes through the JDK's own JCA
 * providers; the Bouncy Castle provider is never registered.
 */
public final class OpenPgpKeys {

  private static final String ARMOR_HEADER = "-----BEGIN PGP";

  private OpenPgpKeys() {}

  /** Public key rings from armored text, or from the file the string names. */
  public static List<PGPPublicKeyRing> publicKeys(String fileOrArmored) {
    return isArmored(fileOrArmored)
        ? parsePublicKeys(bytes(fileOrArmored), "the configured armored text")
        : publicKeys(Path.of(fileOrArmored));
  }

  /** Every public key ring in an armored (or binary) key file. */
  public static List<PGPPublicKeyRing> publicKeys(Path file) {
    return parsePublicKeys(read(file), file.toString());
  }

  /**
   * The secret key rings in armored text, or in the file the string names, unlocked.
   *
   * @param passphrase null when the keys are not protected
   */
  public static SecretKeys secretKeys(String fileOrArmored, char[] passphrase) {
    return isArmored(fileOrArmored)
        ? parseSecretKeys(bytes(fileOrArmored), passphrase, "the configured armored text")
        : secretKeys(Path.of(fileOrArmored), passphrase);
  }

  /**
   * The secret key rings in armored text held in memory (read from a secret store), unlocked.
   * Unlike {@link #secretKeys(String, char[])} the text is never taken for a file name, and
   * messages name {@code source}, never the text.
   */
  public static SecretKeys armoredSecretKeys(String armored, char[] passphrase, String source) {
    if (!armored.stripLeading().startsWith(ARMOR_HEADER + " PRIVATE KEY BLOCK-----")) {
      throw new KeyLoadingException("the secret " + source + " is not an armored OpenPGP secret key (it does not"
          + " start with -----BEGIN PGP PRIVATE KEY BLOCK-----): store the output of"
          + " `gpg --armor --export-secret-keys KEY` in it", null);
    }
    return parseSecretKeys(bytes(armored), passphrase, source);
  }

  /** The secret key rings in an armored (or binary) key file, unlocked. */
  public static SecretKeys secretKeys(Path file, char[] passphrase) {
    return parseSecretKeys(read(file), passphrase, file.toString());
  }

  /** The fingerprint as gpg prints it without spaces: uppercase hex. */
  public static String fingerprint(PGPPublicKey key) {
    return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
  }

  /** The fingerprint of a ring's primary key. */
  public static String fingerprint(PGPPublicKeyRing ring) {
    return fingerprint(ring.getPublicKey());
  }

  /** A 64-bit key id as gpg prints it (16 uppercase hex digits). */
  public static String keyId(long keyId) {
    return String.format(Locale.ROOT, "%016X", keyId);
  }

  /**
   * The key of a ring that data is encrypted to, chosen as gpg does: the newest valid key whose
   * self-signatures allow encryption, preferring subkeys to the primary key.
   */
  public static PGPPublicKey encryptionKey(PGPPublicKeyRing ring) {
    PGPPublicKey chosen = null;
    for (PGPPublicKey key : ring) {
      if (mayEncrypt(key) && (chosen == null || preferred(key, chosen))) {
        chosen = key;
      }
    }
    if (chosen == null) {
      throw new KeyLoadingException(
          "key " + fingerprint(ring) + " has no usable encryption key (revoked, expired or"
              + " signing-only): configure a public key with an encryption subkey", null);
    }
    return chosen;
  }

  /**
   * Writes a new key pair that gpg 2.2 imports and decrypts with: an RSA-3072 primary key that
   * certifies and signs, and an RSA-3072 encryption subkey. The secret key is not protected by a
   * passphrase (it is meant for the embedded, single-machine defaults) and its file is made
   * readable by the owner only.
   */
  public static void generate(String userId, Path publicKeyFile, Path secretKeyFile) {
    try {
      Date now = new Date();
      PGPKeyPair primary = rsaKeyPair(now);
      PGPKeyPair encryption = rsaKeyPair(now);

      PGPSignatureSubpacketGenerator primaryUsage = new PGPSignatureSubpacketGenerator();
      primaryUsage.setKeyFlags(true, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
      primaryUsage.setPreferredSymmetricAlgorithms(
          false,
          new int[] {
            SymmetricKeyAlgorithmTags.AES_256,
            SymmetricKeyAlgorithmTags.AES_192,
            SymmetricKeyAlgorithmTags.AES_128
          });
      primaryUsage.setPreferredHashAlgorithms(
          false,
          new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA256});
      primaryUsage.setPreferredCompressionAlgorithms(
          false,
          new int[] {CompressionAlgorithmTags.UNCOMPRESSED, CompressionAlgorithmTags.ZLIB});
      primaryUsage.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);

      PGPSignatureSubpacketGenerator encryptionUsage = new PGPSignatureSubpacketGenerator();
      encryptionUsage.setKeyFlags(true, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);

      PGPKeyRingGenerator generator =
          new PGPKeyRingGenerator(
              PGPSignature.POSITIVE_CERTIFICATION,
              primary,
              userId,
              new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1),
              primaryUsage.generate(),
              null,
              new JcaPGPContentSignerBuilder(
                  PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
              null);
      generator.addSubKey(encryption, encryptionUsage.generate(), null);

      writeArmored(publicKeyFile, generator.generatePublicKeyRing()::encode);
      Files.deleteIfExists(secretKeyFile);
      createOwnerOnly(secretKeyFile);
      writeArmored(secretKeyFile, generator.generateSecretKeyRing()::encode);
    } catch (PGPException | GeneralSecurityException | IOException e) {
      throw new KeyLoadingException("could not generate an OpenPGP key for " + userId, e);
    }
  }

  private static PGPKeyPair rsaKeyPair(Date created)
      throws GeneralSecurityException, PGPException {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));
    KeyPair pair = rsa.generateKeyPair();
    return new JcaPGPKeyPair(
        PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL, pair, created);
  }

  private static List<PGPPublicKeyRing> parsePublicKeys(byte[] encoded, String source) {
    List<PGPPublicKeyRing> rings = new ArrayList<>();
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(encoded))) {
      new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator())
          .getKeyRings()
          .forEachRemaining(rings::add);
    } catch (IOException | PGPException e) {
      throw new KeyLoadingException(
          "could not read OpenPGP public keys from " + source + ": " + e.getMessage()
              + " (expected the output of `gpg --armor --export KEY`)", e);
    }
    if (rings.isEmpty()) {
      throw new KeyLoadingException("no OpenPGP public key in " + source, null);
    }
    return rings;
  }

  private static SecretKeys parseSecretKeys(byte[] encoded, char[] passphrase, String source) {
    List<PGPSecretKeyRing> rings = new ArrayList<>();
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(encoded))) {
      new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator())
          .getKeyRings()
          .forEachRemaining(rings::add);
    } catch (IOException | PGPException e) {
      throw new KeyLoadingException(
          "could not read OpenPGP secret keys from " + source + ": " + e.getMessage()
              + " (expected the output of `gpg --armor --export-secret-keys KEY`)", e);
    }
    if (rings.isEmpty()) {
      throw new KeyLoadingException("no OpenPGP secret key in " + source, null);
    }
    Map<Long, PGPPrivateKey> unlocked = new LinkedHashMap<>();
    for (PGPSecretKeyRing ring : rings) {
      for (Iterator<PGPSecretKey> keys = ring.getSecretKeys(); keys.hasNext(); ) {
        PGPSecretKey key = keys.next();
        if (!key.isPrivateKeyEmpty()) {
          unlocked.put(key.getKeyID(), unlock(key, passphrase, source));
        }
      }
    }
    return new SecretKeys(rings, unlocked);
  }

  private static PGPPrivateKey unlock(PGPSecretKey key, char[] passphrase, String source) {
    boolean protectedKey = key.getKeyEncryptionAlgorithm() != SymmetricKeyAlgorithmTags.NULL;
    String name = "secret key " + keyId(key.getKeyID()) + " from " + source;
    if (protectedKey && passphrase == null) {
      throw new KeyLoadingException(
          name + " is protected by a passphrase: configure the passphrase", null);
    }
    try {
      PBESecretKeyDecryptor decryptor =
          protectedKey
              ? new JcePBESecretKeyDecryptorBuilder(new JcaPGPDigestCalculatorProviderBuilder().build())
                  .build(passphrase)
              : null;
      return key.extractPrivateKey(decryptor);
    } catch (PGPException e) {
      throw new KeyLoadingException(
          "could not unlock " + name + ": " + e.getMessage() + " (wrong passphrase?)", e);
    }
  }

  private static boolean mayEncrypt(PGPPublicKey key) {
    if (!key.isEncryptionKey() || key.hasRevocation() || expired(key)) {
      return false;
    }
    int flags = 0;
    for (Iterator<PGPSignature> signatures = key.getSignatures(); signatures.hasNext(); ) {
      PGPSignature signature = signatures.next();
      if (signature.getHashedSubPackets() != null) {
        flags |= signature.getHashedSubPackets().getKeyFlags();
      }
    }
    // Keys older than key flags say nothing; then the algorithm decides.
    return flags == 0 || (flags & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0;
  }

  private static boolean preferred(PGPPublicKey candidate, PGPPublicKey current) {
    if (candidate.isMasterKey() != current.isMasterKey()) {
      return !candidate.isMasterKey();
    }
    return candidate.getCreationTime().after(current.getCreationTime());
  }

  private static boolean expired(PGPPublicKey key) {
    long validSeconds = key.getValidSeconds();
    return validSeconds > 0
        && key.getCreationTime().getTime() + validSeconds * 1000 < System.currentTimeMillis();
  }

  private static boolean isArmored(String fileOrArmored) {
    return fileOrArmored.stripLeading().startsWith(ARMOR_HEADER);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new KeyLoadingException("could not read the key file " + file + ": " + e, e);
    }
  }

  private interface Encoder {
    void encode(OutputStream out) throws IOException;
  }

  private static void writeArmored(Path file, Encoder encoder) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        ArmoredOutputStream armored = new ArmoredOutputStream(out)) {
      encoder.encode(armored);
    }
  }

  private static void createOwnerOnly(Path file) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
  }
}
