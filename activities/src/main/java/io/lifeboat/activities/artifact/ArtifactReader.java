package io.lifeboat.activities.artifact;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.lifeboat.activities.crypto.SecretKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.bouncycastle.openpgp.PGPException;

/**
 * Reads artifacts back: the stored object streams through SHA-256, OpenPGP decryption (with its
 * integrity check) and zstd into a sink, without buffering the artifact.
 *
 * <p>The sink receives data as it is decoded. When the object turns out to be corrupted, which
 * is only certain at its end, the sink has already received part of it. Where that matters (a
 * restore into a live database), call {@link #checksum} first, or restore into a scratch place.
 */
public final class ArtifactReader {

  private static final int COPY_BUFFER = 1 << 17;

  private final ObjectStore store;
  private final Supplier<List<SecretKeys>> keys;

  public ArtifactReader(ObjectStore store, List<SecretKeys> keys) {
    List<SecretKeys> copy = List.copyOf(keys);
    this.store = store;
    this.keys = () -> copy;
  }

  /**
   * With keys obtained when the first object is decrypted (from a secret store, say), so that a
   * machine that never restores never fetches them.
   */
  public ArtifactReader(ObjectStore store, Supplier<List<SecretKeys>> keys) {
    this.store = store;
    this.keys = keys;
  }

  /**
   * Decrypts and decompresses the object {@code key} into {@code sink} (which is not closed) and
   * returns the number of bytes written to it.
   *
   * @param expectedSha256Hex the SHA-256 recorded when the object was written; null to rely on
   *     the OpenPGP integrity check alone
   * @param progressStoredBytes called with the running total of stored bytes read
   * @throws IntegrityException when the checksum differs or the OpenPGP integrity check fails
   * @throws WrongKeyException when none of the keys can decrypt the object
   * @throws io.lifeboat.activities.storage.ObjectMissingException when there is no such object
   * @throws StorageException when reading the object failed (worth retrying)
   * @throws UncheckedIOException when writing to the sink failed
   */
  public long read(
      String key, String expectedSha256Hex, OutputStream sink, LongConsumer progressStoredBytes) {
    String where = "s3://" + store.bucket() + "/" + key;
    List<SecretKeys> decryptionKeys = keys.get(); // before reading: a key failure is not the object's
    try (InputStream object = store.open(key)) {
      HashingInputStream stored = new HashingInputStream(object, progressStoredBytes);
      long written;
      try {
        written = decode(stored, sink, where, decryptionKeys);
      } catch (SinkFailure e) {
        throw new UncheckedIOException(
            "writing the data of " + where + " failed: " + e.failure.getMessage(), e.failure);
      } catch (IOException | PGPException | RuntimeException e) {
        throw explain(e, stored, expectedSha256Hex, where);
      }
      stored.drain();
      String actual = stored.sha256Hex();
      if (expectedSha256Hex != null && !expectedSha256Hex.equalsIgnoreCase(actual)) {
        throw checksumMismatch(where, expectedSha256Hex, actual, null);
      }
      return written;
    } catch (IOException e) {
      throw new StorageException("reading " + where + " failed: " + e.getMessage(), e);
    }
  }

  /** The SHA-256 (lowercase hex) of the stored object, read without decrypting it. */
  public String checksum(String key) {
    try (InputStream object = store.open(key)) {
      HashingInputStream stored = new HashingInputStream(object, bytes -> {});
      stored.drain();
      return stored.sha256Hex();
    } catch (IOException e) {
      throw new StorageException(
          "reading s3://" + store.bucket() + "/" + key + " failed: " + e.getMessage(), e);
    }
  }

  /** Decrypts and decompresses into the sink; sink failures come out as {@link SinkFailure}. */
  private long decode(HashingInputStream stored, OutputStream sink, String where, List<SecretKeys> keys)
      throws IOException, PGPException {
    DecryptingInputStream plaintext = DecryptingInputStream.open(stored, keys, where);
    long written = 0;
    try (InputStream zstd = new ZstdInputStreamNoFinalizer(plaintext, RecyclingBufferPool.INSTANCE)) {
      byte[] buffer = new byte[COPY_BUFFER];
      int n;
      while ((n = zstd.read(buffer)) >= 0) {
        try {
          sink.write(buffer, 0, n);
        } catch (IOException e) {
          throw new SinkFailure(e);
        }
        written += n;
      }
    }
    if (!plaintext.intact()) {
      throw new PGPException("the OpenPGP modification detection code (MDC) does not match");
    }
    return written;
  }

  /**
   * Turns a decoding failure into what it means. A storage read failure is worth retrying; a
   * wrong key is reported at once. For anything else the rest of the object is read, so that
   * its checksum says whether the object is corrupted (the usual cause: a flipped byte garbles
   * decryption, decompression or the integrity check, whichever notices first).
   */
  private RuntimeException explain(
      Exception failure, HashingInputStream stored, String expectedSha256Hex, String where) {
    if (stored.readFailure() != null) {
      return new StorageException(
          "reading " + where + " failed after " + stored.count() + " bytes: "
              + stored.readFailure().getMessage(), failure);
    }
    if (failure instanceof WrongKeyException wrongKey) {
      return wrongKey; // a configuration problem: say so now rather than after reading it all
    }
    String actual;
    try {
      stored.drain();
      actual = stored.sha256Hex();
    } catch (IOException e) {
      failure.addSuppressed(e);
      return new StorageException("reading " + where + " failed: " + e.getMessage(), failure);
    }
    if (expectedSha256Hex != null && !expectedSha256Hex.equalsIgnoreCase(actual)) {
      return checksumMismatch(where, expectedSha256Hex, actual, failure);
    }
    return new IntegrityException(
        where + " failed its integrity check (" + failure.getMessage() + ") although its"
            + " SHA-256 " + actual + (expectedSha256Hex == null ? " was not checked" : " matches")
            + ": the object is corrupted. Do not use it: restore another backup or the off-site"
            + " copy.", failure);
  }

  private static IntegrityException checksumMismatch(
      String where, String expected, String actual, Throwable cause) {
    return new IntegrityException(
        where + " is corrupted: its SHA-256 is " + actual + " but " + expected + " was recorded"
            + " when it was written. Do not use it: restore another backup or the off-site copy.",
        cause);
  }

  /** Marks a failure of the caller's sink, as opposed to a failure to decode the object. */
  private static final class SinkFailure extends RuntimeException {
    final IOException failure;

    SinkFailure(IOException failure) {
      super(failure);
      this.failure = failure;
    }
  }
}
