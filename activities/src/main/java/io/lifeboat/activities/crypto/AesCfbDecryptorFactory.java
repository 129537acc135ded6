package io.lifeboat.activities.crypto;

import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.bcpg.AEADEncDataPacket;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.InputStreamPacket;
import org.bouncycastle.bcpg.PublicKeyEncSessionPacket;
import org.bouncycastle.bcpg.SymmetricEncIntegrityPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSessionKey;
import org.bouncycastle.openpgp.operator.PGPDataDecryptor;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.PublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;

/**
 * Bouncy Castle's JCE decryptor factory for a private key, except that AES data with integrity
 * protection (SEIPD v1) is decrypted with the JDK's AES/ECB, several times faster than its CFB:
 * see {@link CfbDecryptingInputStream}. Session keys and every other format are left to Bouncy
 * Castle.
 */
public final class AesCfbDecryptorFactory implements PublicKeyDataDecryptorFactory {

  private static final int BLOCK = 16;

  private final PublicKeyDataDecryptorFactory jce;

  public AesCfbDecryptorFactory(PGPPrivateKey privateKey) {
    this.jce = new JcePublicKeyDataDecryptorFactoryBuilder().build(privateKey);
  }

  @Override
  public PGPDataDecryptor createDataDecryptor(
      boolean withIntegrityPacket, int encAlgorithm, byte[] key) throws PGPException {
    if (!withIntegrityPacket || !isAes(encAlgorithm)) {
      return jce.createDataDecryptor(withIntegrityPacket, encAlgorithm, key);
    }
    SecretKeySpec aes = new SecretKeySpec(key, "AES");
    PGPDigestCalculator mdc =
        new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1);
    return new PGPDataDecryptor() {
      @Override
      public InputStream getInputStream(InputStream in) {
        try {
          // SEIPD v1 decrypts with a zero IV.
          return new CfbDecryptingInputStream(in, aes, new byte[BLOCK]);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("the JDK's AES is unavailable: " + e.getMessage(), e);
        }
      }

      @Override
      public int getBlockSize() {
        return BLOCK;
      }

      @Override
      public PGPDigestCalculator getIntegrityCalculator() {
        return mdc;
      }
    };
  }

  @Override
  public byte[] recoverSessionData(PublicKeyEncSessionPacket packet, InputStreamPacket encData)
      throws PGPException {
    return jce.recoverSessionData(packet, encData);
  }

  @Override
  @SuppressWarnings("deprecation") // still part of the interface; delegated as is
  public byte[] recoverSessionData(int keyAlgorithm, byte[][] secKeyData) throws PGPException {
    return jce.recoverSessionData(keyAlgorithm, secKeyData);
  }

  @Override
  @SuppressWarnings("deprecation") // still part of the interface; delegated as is
  public byte[] recoverSessionData(int keyAlgorithm, byte[][] secKeyData, int pkeskVersion)
      throws PGPException {
    return jce.recoverSessionData(keyAlgorithm, secKeyData, pkeskVersion);
  }

  @Override
  public PGPDataDecryptor createDataDecryptor(AEADEncDataPacket packet, PGPSessionKey sessionKey)
      throws PGPException {
    return jce.createDataDecryptor(packet, sessionKey);
  }

  @Override
  public PGPDataDecryptor createDataDecryptor(
      SymmetricEncIntegrityPacket packet, PGPSessionKey sessionKey) throws PGPException {
    return jce.createDataDecryptor(packet, sessionKey);
  }

  private static boolean isAes(int algorithm) {
    return algorithm == SymmetricKeyAlgorithmTags.AES_128
        || algorithm == SymmetricKeyAlgorithmTags.AES_192
        || algorithm == SymmetricKeyAlgorithmTags.AES_256;
  }
}
