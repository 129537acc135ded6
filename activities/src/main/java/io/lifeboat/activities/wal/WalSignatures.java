package io.lifeboat.activities.wal;

import io.lifeboat.activities.crypto.BadSignatureException;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.manifest.Sha256;
import jakarta.annotation.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detached OpenPGP signatures of archived WAL files, by the key that signs manifests. The SHA-256
 * an object's metadata records only catches corruption: anyone who can write to the bucket can
 * encrypt a file to the public keys and record its hash. What is signed is a short statement of
 * the file's target, name, size and the SHA-256 of its content as PostgreSQL handed it over, so a
 * signed file cannot be moved to another name, position, timeline or target either.
 *
 * <p>Files archived before WAL was signed have no signature and are refused, unless the operator
 * accepts unsigned files stored before a given time (when Lifeboat was upgraded): objects stored
 * later cannot claim to be older, since the store sets their time.
 */
public final class WalSignatures {
  private static final Logger LOG = LoggerFactory.getLogger(WalSignatures.class);
  private static final String FORMAT = "lifeboat-wal-signature 1";

  private final ManifestSigner signer;
  @Nullable private final Instant acceptUnsignedBefore;

  /**
   * @param acceptUnsignedBefore unsigned files stored before this time are replayed (with a
   *     warning); null refuses every unsigned file
   */
  public WalSignatures(ManifestSigner signer, @Nullable Instant acceptUnsignedBefore) {
    this.signer = signer;
    this.acceptUnsignedBefore = acceptUnsignedBefore;
  }

  /** Signs the first {@code length} bytes of {@code raw} as file {@code file} of {@code target}. */
  byte[] sign(String target, WalFileName file, byte[] raw, int length) {
    return signer.sign(statement(target, file, raw, length));
  }

  /**
   * Checks that {@code raw}, read from {@code key} (stored at {@code storedAt}), is file
   * {@code file} of {@code target} as Lifeboat archived it.
   *
   * @param signature the detached signature stored beside it; null when there is none
   * @throws WalSignatureException when it is not, in one line naming the file and what to do
   */
  void check(String target, WalFileName file, byte[] raw, @Nullable byte[] signature, String key,
      Instant storedAt) {
    if (signature == null) {
      if (acceptUnsignedBefore != null && storedAt.isBefore(acceptUnsignedBefore)) {
        LOG.warn("WAL file {} of target {} has no signature; replayed because it was stored at {}, before"
            + " encryption.acceptUnsignedWalBefore ({})", file, target, storedAt, acceptUnsignedBefore);
        return;
      }
      throw new WalSignatureException("WAL file " + file + " of target " + target + " is refused: it has no"
          + " signature (" + key + WalArchive.SIGNATURE_SUFFIX + " is missing, the object was stored " + storedAt
          + "); a file not signed by Lifeboat is never replayed. If it was archived before WAL was signed, set"
          + " encryption.acceptUnsignedWalBefore to the time Lifeboat was upgraded"
          + (acceptUnsignedBefore == null ? "" : " (now " + acceptUnsignedBefore + ")")
          + "; otherwise recover from the off-site copy or an older point");
    }
    try {
      signer.verify(statement(target, file, raw, raw.length), signature);
    } catch (BadSignatureException e) {
      throw new WalSignatureException("WAL file " + file + " of target " + target + " is refused: its signature ("
          + key + WalArchive.SIGNATURE_SUFFIX + ") does not vouch for this content as this file by a trusted"
          + " signing key, so the object was replaced or forged in the bucket; it is never replayed. Recover from"
          + " the off-site copy or to a point before it, and check who can write to the bucket");
    }
  }

  /** What is signed: one line each, so {@code gpg --verify} over the same text checks it by hand. */
  static byte[] statement(String target, WalFileName file, byte[] raw, int length) {
    MessageDigest digest = Sha256.newDigest();
    digest.update(raw, 0, length);
    String text = FORMAT + "\ntarget " + target + "\nfile " + file.name() + "\nbytes " + length + "\nsha256 "
        + HexFormat.of().formatHex(digest.digest()) + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
