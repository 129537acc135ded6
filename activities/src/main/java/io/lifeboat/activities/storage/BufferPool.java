package io.lifeboat.activities.storage;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Byte arrays of one size kept for reuse. A file set is stored as dozens of packs and a busy
 * cluster archives a WAL segment every few dozen milliseconds; without reuse each of them
 * allocates fresh multi-MiB buffers, which the JVM must zero and later collect (measured: about a
 * tenth of the CPU of a file-set backup went to the collector). At most {@code retained} arrays
 * are kept; more are left to the collector. Thread-safe.
 */
public final class BufferPool {

  private final int size;
  private final int retained;
  private final ConcurrentLinkedQueue<byte[]> spare = new ConcurrentLinkedQueue<>();
  private final AtomicInteger kept = new AtomicInteger();

  public BufferPool(int size, int retained) {
    this.size = size;
    this.retained = retained;
  }

  public int size() {
    return size;
  }

  /** A buffer of {@link #size()} bytes, reused when one is spare; its content is undefined. */
  public byte[] take() {
    byte[] buffer = spare.poll();
    if (buffer == null) {
      return new byte[size];
    }
    kept.decrementAndGet();
    return buffer;
  }

  /** Hands a buffer back once nothing uses it any more; one of another size is ignored. */
  public void give(byte[] buffer) {
    if (buffer.length != size) {
      return;
    }
    if (kept.incrementAndGet() > retained) {
      kept.decrementAndGet();
      return;
    }
    spare.add(buffer);
  }
}
