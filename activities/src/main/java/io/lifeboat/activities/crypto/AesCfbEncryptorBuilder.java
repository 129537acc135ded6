package io.lifeboat.activities.crypto;

import java.io.OutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.operator.PGPDataEncryptor;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPDigestCalculatorProviderBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

/**
 * Bouncy Castle's JCE data encryptor for AES with integrity protection (SEIPD v1 with MDC),
 * except that the CFB encryption runs on the JDK's AES/CBC intrinsic, about twice as fast: see
 * {@link CfbEncryptingOutputStream}. The output is the same OpenPGP message byte for byte.
 * Anything else (other ciphers, AEAD) is left to Bouncy Castle.
 */
public final class AesCfbEncryptorBuilder extends JcePGPDataEncryptorBuilder {

  private static final int BLOCK = 16;

  private boolean withIntegrityPacket = true;

  public AesCfbEncryptorBuilder(int algorithm) {
    super(algorithm);
    super.setWithIntegrityPacket(true);
  }

  @Override
  public JcePGPDataEncryptorBuilder setWithIntegrityPacket(boolean withIntegrityPacket) {
    this.withIntegrityPacket = withIntegrityPacket;
    return super.setWithIntegrityPacket(withIntegrityPacket);
  }

  @Override
  public PGPDataEncryptor build(byte[] keyBytes) throws PGPException {
    if (!withIntegrityPacket || getAeadAlgorithm() > 0 || !isAes(getAlgorithm())) {
      return super.build(keyBytes);
    }
    SecretKeySpec key = new SecretKeySpec(keyBytes, "AES");
    PGPDigestCalculator mdc =
        new JcaPGPDigestCalculatorProviderBuilder().build().get(HashAlgorithmTags.SHA1);
    return new PGPDataEncryptor() {
      @Override
      public OutputStream getOutputStream(OutputStream out) {
        try {
          // SEIPD v1 encrypts with a zero IV; the random prefix does an IV's work.
          return new CfbEncryptingOutputStream(out, key, new byte[BLOCK]);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("the JDK's AES is unavailable: " + e.getMessage(), e);
        }
      }

      @Override
      public PGPDigestCalculator getIntegrityCalculator() {
        return mdc;
      }

      @Override
      public int getBlockSize() {
        return BLOCK;
      }
    };
  }

  private static boolean isAes(int algorithm) {
    return algorithm == SymmetricKeyAlgorithmTags.AES_128
        || algorithm == SymmetricKeyAlgorithmTags.AES_192
        || algorithm == SymmetricKeyAlgorithmTags.AES_256;
  }
}
