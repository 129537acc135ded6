package io.lifeboat.activities.artifact;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.lifeboat.activities.storage.BufferPool;
import io.lifeboat.activities.storage.MultipartUpload;
import io.lifeboat.activities.storage.StorageException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongConsumer;
import org.bouncycastle.openpgp.PGPPublicKey;

/**
 * A stream that stores what a producer writes into it as one artifact: zstd on the producer's
 * thread (with two zstd workers), then OpenPGP encryption and SHA-256 on a second thread fed
 * through a bounded queue of 1 MiB buffers, then a parallel multipart upload. Memory stays flat
 * whatever the size.
 *
 * <p>Call {@link #finish()} once the producer has succeeded: it completes the object and returns
 * what was stored. {@link #close()} without {@code finish()} (a failed producer, an exception in
 * a try-with-resources block) aborts instead, so a truncated artifact is never stored.
 *
 * <p>{@code write} calls come from one thread. {@code finish()} may come from another one once
 * the producer has stopped writing.
 */
public final class ArtifactSink extends OutputStream {

  private static final int QUEUE_DEPTH = 4;
  /** The hand-off's 1 MiB buffers, shared by all sinks (a file set has several finishing at once). */
  private static final BufferPool CHUNKS = new BufferPool(1 << 20, 3 * (QUEUE_DEPTH + 2));
  /** Batches small writes (pipes deliver 8–64 KiB) into fewer calls into zstd's native code. */
  private static final int INPUT_BUFFER = 1 << 18;

  private enum State { OPEN, FINISHED, ABORTED }

  private final String key;
  private final MultipartUpload upload;
  private final HashingOutputStream stored;
  private final ChunkHandoff compressed;
  private final ZstdOutputStreamNoFinalizer zstd;
  private final OutputStream input;
  private final CompletableFuture<Void> encryption = new CompletableFuture<>();
  private final LongConsumer progressRawBytes;
  private State state = State.OPEN;
  private long rawBytes;

  ArtifactSink(
      MultipartUpload upload,
      List<PGPPublicKey> recipients,
      int zstdLevel,
      LongConsumer progressRawBytes)
      throws IOException {
    this.key = upload.key();
    this.upload = upload;
    this.progressRawBytes = progressRawBytes;
    this.stored = new HashingOutputStream(upload);
    this.compressed = new ChunkHandoff(CHUNKS, QUEUE_DEPTH);
    this.zstd =
        new ZstdOutputStreamNoFinalizer(compressed, RecyclingBufferPool.INSTANCE)
            .setLevel(zstdLevel)
            .setWorkers(2)
            // Lets `zstd -d` catch corruption on its own during a by-hand restore.
            .setChecksum(true);
    this.input = new BufferedOutputStream(zstd, INPUT_BUFFER);
    Thread encryptor = new Thread(() -> encrypt(recipients), "encrypt " + key);
    encryptor.setDaemon(true);
    encryptor.start();
  }

  /** Runs on the encryption thread: everything compressed goes through OpenPGP to the upload. */
  private void encrypt(List<PGPPublicKey> recipients) {
    try {
      EncryptingOutputStream encrypted = new EncryptingOutputStream(stored, recipients);
      compressed.drainTo(encrypted);
      encrypted.close();
      encryption.complete(null);
    } catch (Throwable e) {
      compressed.fail(e);
      encryption.completeExceptionally(e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (state != State.OPEN) {
      throw new IOException("artifact " + key + " is already " + state.name().toLowerCase());
    }
    try {
      input.write(bytes, offset, length);
    } catch (IOException e) {
      throw rootCause(e);
    }
    rawBytes += length;
    progressRawBytes.accept(rawBytes);
  }

  /**
   * Compressed bytes produced so far (what will be stored, give or take OpenPGP's few bytes); it
   * lags behind the input by what zstd still holds. Call it from the producer's thread.
   */
  public long compressedBytes() {
    return compressed.written();
  }

  /**
   * Completes the artifact and returns what was stored. On failure the upload is aborted and
   * nothing is stored under the key.
   *
   * @throws StorageException when storing failed
   */
  public StoredObject finish() throws IOException {
    if (state != State.OPEN) {
      throw new IllegalStateException("artifact " + key + " is already " + state.name().toLowerCase());
    }
    try {
      try {
        input.close(); // ends the zstd frame, then the hand-off to the encryption thread
      } catch (IOException e) {
        throw rootCause(e);
      }
      awaitEncryption();
      upload.close();
      state = State.FINISHED;
      return new StoredObject(key, rawBytes, stored.count(), stored.sha256Hex());
    } catch (IOException | RuntimeException e) {
      abortAfter(e);
      throw e;
    }
  }

  /** Abandons the artifact: nothing is stored under its key. Idempotent. */
  public void abort() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABORTED;
    compressed.fail(new IOException("artifact " + key + " was aborted"));
    try {
      zstd.close(); // frees the native compressor; what it flushes is discarded
    } catch (IOException expected) {
      // the hand-off refuses data once failed
    }
    encryption.exceptionally(e -> null).join();
    upload.abort();
  }

  /** Aborts unless {@link #finish()} completed the artifact. */
  @Override
  public void close() {
    abort();
  }

  private void awaitEncryption() throws IOException {
    try {
      encryption.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException("encrypting " + key + " failed: " + cause.getMessage(), cause);
    }
  }

  /**
   * When the encryption thread (or the upload behind it) failed, its failure is what the
   * producer should see, rather than the hand-off's refusal that woke the producer.
   */
  private IOException rootCause(IOException handoffRefusal) {
    Throwable failure =
        encryption.isCompletedExceptionally() ? encryption.handle((done, e) -> e).join() : null;
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    return handoffRefusal;
  }

  private void abortAfter(Exception cause) {
    try {
      abort();
    } catch (RuntimeException abortFailure) {
      cause.addSuppressed(abortFailure);
    }
  }
}
