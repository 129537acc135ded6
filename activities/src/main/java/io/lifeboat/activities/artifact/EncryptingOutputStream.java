package io.lifeboat.activities.artifact;

import io.lifeboat.activities.crypto.AesCfbEncryptorBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * Writes what it is given as one OpenPGP message encrypted to the recipients: AES-256 in a
 * symmetrically encrypted integrity-protected packet (SEIPD v1, with MDC), which gpg 2.2
 * decrypts, holding one binary literal data packet, streamed as partial-length packets. There
 * is no OpenPGP compression layer: the data is already zstd-compressed.
 *
 * <p>The {@code Jce*} builders run on the JDK's own provider, whose AES uses the CPU's AES
 * instructions (Bouncy Castle's pure-Java AES is about five times slower), and the CFB mode
 * itself runs on the JDK's CBC intrinsic ({@link AesCfbEncryptorBuilder}).
 *
 * <p>{@link #close()} ends the message (writing the MDC) but leaves the target open.
 */
final class EncryptingOutputStream extends OutputStream {

  /** Size of the partial-length packets; small enough that per-packet buffers stay cheap. */
  private static final int PACKET_SIZE = 1 << 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final PGPEncryptedDataGenerator encryption;
  private final PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
  private final OutputStream plaintext;

  EncryptingOutputStream(OutputStream target, List<PGPPublicKey> recipients) throws IOException {
    encryption =
        new PGPEncryptedDataGenerator(
            new AesCfbEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).setSecureRandom(RANDOM));
    for (PGPPublicKey recipient : recipients) {
      encryption.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(recipient));
    }
    try {
      OutputStream encrypted = encryption.open(target, new byte[PACKET_SIZE]);
      plaintext =
          literal.open(
              encrypted, PGPLiteralData.BINARY, "", PGPLiteralData.NOW, new byte[PACKET_SIZE]);
    } catch (PGPException e) {
      throw new IOException("could not start OpenPGP encryption: " + e.getMessage(), e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    plaintext.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    plaintext.write(bytes, offset, length);
  }

  @Override
  public void close() throws IOException {
    literal.close();
    encryption.close();
  }
}
