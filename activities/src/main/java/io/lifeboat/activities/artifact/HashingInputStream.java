package io.lifeboat.activities.artifact;

import io.lifeboat.manifest.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * Reads the stored object while taking its SHA-256, counting bytes for progress, and
 * remembering whether reading the object itself failed (a storage problem worth retrying) as
 * opposed to decoding it (corruption).
 */
final class HashingInputStream extends FilterInputStream {

  private final MessageDigest sha256 = Sha256.newDigest();
  private final LongConsumer progress;
  private long count;
  private IOException readFailure;

  HashingInputStream(InputStream stored, LongConsumer progress) {
    super(stored);
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n;
    try {
      n = in.read(buffer, offset, length);
    } catch (IOException e) {
      readFailure = e;
      throw e;
    }
    if (n > 0) {
      sha256.update(buffer, offset, n);
      count += n;
      progress.accept(count);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Every byte must pass through the digest.
    byte[] buffer = new byte[8192];
    long skipped = 0;
    int read;
    while (skipped < n && (read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped))) > 0) {
      skipped += read;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads what is left of the object so that the digest covers all of it. */
  void drain() throws IOException {
    byte[] buffer = new byte[1 << 16];
    while (read(buffer, 0, buffer.length) >= 0) {
      // digesting
    }
  }

  IOException readFailure() {
    return readFailure;
  }

  long count() {
    return count;
  }

  String sha256Hex() {
    return Sha256.hex(sha256);
  }
}
