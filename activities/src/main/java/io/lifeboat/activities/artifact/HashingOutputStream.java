package io.lifeboat.activities.artifact;

import io.lifeboat.manifest.Sha256;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/** Passes bytes through while taking their SHA-256 and counting them. */
final class HashingOutputStream extends FilterOutputStream {

  private final MessageDigest sha256 = Sha256.newDigest();
  private long count;

  HashingOutputStream(OutputStream target) {
    super(target);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    sha256.update(bytes, offset, length);
    count += length;
    out.write(bytes, offset, length);
  }

  long count() {
    return count;
  }

  String sha256Hex() {
    return Sha256.hex(sha256);
  }
}
