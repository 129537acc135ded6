package io.lifeboat.activities.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;

/**
 * AES in OpenPGP's CFB mode (full 16-byte feedback, no resynchronisation), decrypting, computed
 * with the JDK's AES/ECB.
 *
 * <p>Why: unlike encryption, CFB decryption is parallel: {@code Pᵢ = Cᵢ ⊕ E(Cᵢ₋₁)} needs only
 * ciphertext. The JDK's CFB still runs one block per Java call (about 325 MB/s for AES-256 on
 * this kind of machine); one ECB call over the ciphertext shifted by a block, which the CPU's AES
 * instructions pipeline, and an XOR pass do the same work several times faster.
 */
final class CfbDecryptingInputStream extends InputStream {

  private static final int BLOCK = 16;

  private final InputStream in;
  private final Cipher ecb;
  /** The keystream block for the current block: E(previous ciphertext block). */
  private final byte[] keystream = new byte[BLOCK];
  /** The ciphertext of the current block so far ({@code used} bytes of it). */
  private final byte[] block = new byte[BLOCK];
  private int used;
  private byte[] following = new byte[0];

  CfbDecryptingInputStream(InputStream in, SecretKey key, byte[] iv)
      throws GeneralSecurityException {
    this.in = in;
    this.ecb = Cipher.getInstance("AES/ECB/NoPadding");
    this.ecb.init(Cipher.ENCRYPT_MODE, key);
    ecb.doFinal(iv, 0, BLOCK, keystream, 0);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  /** Reads ciphertext into {@code buffer} and decrypts it there. */
  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n <= 0) {
      return n;
    }
    try {
      decrypt(buffer, offset, n);
    } catch (GeneralSecurityException e) {
      throw new IOException("AES failed: " + e.getMessage(), e);
    }
    return n;
  }

  private void decrypt(byte[] buffer, int offset, int length) throws GeneralSecurityException {
    if (used > 0) {
      int n = Math.min(BLOCK - used, length);
      partOfBlock(buffer, offset, n);
      offset += n;
      length -= n;
    }
    int whole = length - length % BLOCK;
    if (whole > 0) {
      wholeBlocks(buffer, offset, whole);
      offset += whole;
      length -= whole;
    }
    if (length > 0) {
      partOfBlock(buffer, offset, length);
    }
  }

  private void partOfBlock(byte[] buffer, int offset, int length) throws GeneralSecurityException {
    for (int i = 0; i < length; i++) {
      block[used + i] = buffer[offset + i];
      buffer[offset + i] ^= keystream[used + i];
    }
    used += length;
    if (used == BLOCK) {
      ecb.doFinal(block, 0, BLOCK, keystream, 0);
      used = 0;
    }
  }

  /** Decrypts whole blocks in place, starting on a block boundary. */
  private void wholeBlocks(byte[] buffer, int offset, int length) throws GeneralSecurityException {
    if (following.length < length) {
      following = new byte[length];
    }
    // E(C₁) … E(Cₘ): the keystream of blocks 2 … m+1, taken before the ciphertext is overwritten.
    ecb.doFinal(buffer, offset, length, following, 0);
    for (int i = 0; i < BLOCK; i++) {
      buffer[offset + i] ^= keystream[i];
    }
    for (int i = BLOCK; i < length; i++) {
      buffer[offset + i] ^= following[i - BLOCK];
    }
    System.arraycopy(following, length - BLOCK, keystream, 0, BLOCK);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
