package io.lifeboat.activities.etcd;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The integrity check etcd itself makes before restoring a snapshot: a snapshot from the
 * Maintenance API (etcd 3.4 and 3.5 alike, {@code v3rpc/maintenance.go}) is the bbolt file followed
 * by the SHA-256 of that file, 32 bytes. Bytes written here go on to {@code downstream} unchanged;
 * the digest covers all but the last 32, which are kept to compare.
 */
final class SnapshotChecksum extends OutputStream {
  static final int SIZE = 32;

  private final OutputStream downstream;
  private final MessageDigest digest;
  private final byte[] tail = new byte[SIZE];
  private int held;
  private long bytes;

  SnapshotChecksum(OutputStream downstream) {
    this.downstream = downstream;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    downstream.write(b, off, len);
    bytes += len;
    // everything but the newest 32 bytes seen goes into the digest
    int total = held + len;
    int release = Math.max(0, total - SIZE);
    int fromHeld = Math.min(release, held);
    digest.update(tail, 0, fromHeld);
    System.arraycopy(tail, fromHeld, tail, 0, held - fromHeld);
    held -= fromHeld;
    int fromNew = release - fromHeld;
    digest.update(b, off, fromNew);
    System.arraycopy(b, off + fromNew, tail, held, len - fromNew);
    held += len - fromNew;
  }

  @Override
  public void flush() throws IOException {
    downstream.flush();
  }

  @Override
  public void close() throws IOException {
    downstream.close();
  }

  long bytes() {
    return bytes;
  }

  /** Whether the last 32 bytes are the SHA-256 of all that came before them; call once, at the end. */
  boolean matches() {
    return held == SIZE && Arrays.equals(digest.digest(), tail);
  }

  /** The SHA-256 the snapshot ends with, hex; meaningful once the whole snapshot has gone through. */
  String trailingHash() {
    return java.util.HexFormat.of().formatHex(tail, 0, held);
  }
}
