package io.lifeboat.activities.etcd;

import io.etcd.jetcd.maintenance.SnapshotResponse;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Maintenance API's snapshot as an {@link InputStream} the artifact pipeline reads: gRPC pushes
 * chunks into a small bounded queue (a full queue holds the server back), the reader takes them.
 * Memory stays at a few chunks whatever the size of the database.
 */
final class SnapshotStream extends InputStream implements StreamObserver<SnapshotResponse> {
  private static final byte[] END = new byte[0];
  private static final long STALL_SECONDS = 120;

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(16);
  private volatile Throwable failure;
  private byte[] current = new byte[0];
  private int position;
  private boolean ended;
  private volatile boolean closed;

  @Override
  public void onNext(SnapshotResponse response) {
    put(response.getBlob().toByteArray());
  }

  @Override
  public void onError(Throwable t) {
    failure = t;
    chunks.clear(); // the reader must see the failure even if the queue was full
    put(END);
  }

  @Override
  public void onCompleted() {
    put(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (position == current.length) {
      if (ended) {
        return -1;
      }
      byte[] next;
      try {
        next = chunks.poll(STALL_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading the etcd snapshot", e);
      }
      if (next == null) {
        throw new IOException("the etcd snapshot stalled: nothing received for " + STALL_SECONDS + " seconds");
      }
      if (next == END) {
        ended = true;
        if (failure != null) {
          throw new IOException("the etcd snapshot stream failed: " + failure.getMessage(), failure);
        }
      }
      current = next;
      position = 0;
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }

  /** Stops taking chunks: a reader that gave up must not hold gRPC's thread. */
  @Override
  public void close() {
    closed = true;
    chunks.clear();
  }

  private void put(byte[] chunk) {
    if (closed) {
      return;
    }
    try {
      if (!chunks.offer(chunk, STALL_SECONDS, TimeUnit.SECONDS)) {
        failure = new IOException("the snapshot's reader stopped reading");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
