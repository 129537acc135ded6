package io.lifeboat.activities.artifact;

import io.lifeboat.activities.storage.BufferPool;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands a byte stream from one thread to another through a small bounded queue of large
 * buffers, so that two stages of the pipeline (compression, then encryption and hashing) each
 * keep a core busy: measured faster than one thread doing all of it. Buffers come from and go back
 * to a pool shared by all hand-offs, so memory stays at {@code (depth + 2) × chunkSize} per
 * hand-off.
 *
 * <p>The producer writes into this stream and closes it at the end; the consumer calls
 * {@link #drainTo}. A failure on either side ({@link #fail}) wakes the other one, which then
 * throws.
 */
final class ChunkHandoff extends OutputStream {

  private static final long POLL_MILLIS = 100;

  private record Chunk(byte[] bytes, int length) {}

  private static final Chunk END = new Chunk(new byte[0], 0);

  private final BufferPool buffers;
  private final BlockingQueue<Chunk> filled;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private byte[] current;
  private int length;
  private long written;
  private boolean closed;

  ChunkHandoff(BufferPool buffers, int depth) {
    this.buffers = buffers;
    this.filled = new ArrayBlockingQueue<>(depth);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    throwIfFailed();
    written += count;
    while (count > 0) {
      if (current == null) {
        current = buffers.take();
      }
      int n = Math.min(count, current.length - length);
      System.arraycopy(bytes, offset, current, length, n);
      length += n;
      offset += n;
      count -= n;
      if (length == current.length) {
        handOver();
      }
    }
  }

  /** Bytes the producer has written so far. */
  long written() {
    return written;
  }

  /** Ends the stream: the consumer's {@link #drainTo} returns once it has written everything. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (length > 0) {
      handOver();
    }
    put(END);
  }

  /**
   * Writes everything the producer hands over to {@code target}, until the producer closes the
   * stream. Runs on the consumer's thread.
   */
  void drainTo(OutputStream target) throws IOException {
    while (true) {
      Chunk chunk = take();
      if (chunk == END) {
        return;
      }
      target.write(chunk.bytes(), 0, chunk.length());
      buffers.give(chunk.bytes());
    }
  }

  /** Stops both sides; the first failure is the one reported. */
  void fail(Throwable cause) {
    failure.compareAndSet(null, cause);
  }

  private void handOver() throws IOException {
    put(new Chunk(current, length));
    current = null;
    length = 0;
  }

  private void put(Chunk chunk) throws IOException {
    try {
      while (!filled.offer(chunk, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        throwIfFailed();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while handing data to the next stage");
    }
  }

  private Chunk take() throws IOException {
    try {
      Chunk chunk;
      while ((chunk = filled.poll(POLL_MILLIS, TimeUnit.MILLISECONDS)) == null) {
        throwIfFailed();
      }
      throwIfFailed();
      return chunk;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for data from the previous stage");
    }
  }

  private void throwIfFailed() throws IOException {
    Throwable cause = failure.get();
    if (cause != null) {
      throw new IOException(String.valueOf(cause.getMessage()), cause);
    }
  }
}
