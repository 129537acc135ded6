package io.lifeboat.activities.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One S3 object written as a stream. Bytes fill a part buffer; each full part is uploaded on a
 * background thread while the next one fills, with at most {@code concurrency} parts in flight,
 * so memory stays within {@code (concurrency + 1) × partSize} whatever the object's size.
 *
 * <p>{@link #close()} completes the object. {@link #abort()}, or any failure while writing or
 * completing, aborts the multipart upload so that no incomplete upload (and its storage bill) is
 * left behind. An object smaller than one part is sent with a single PutObject. With an
 * {@link ObjectLock}, the object is locked from its creation, and every request carries the CRC32
 * checksum S3 requires of locked writes. With a storage class, the object is written in it.
 *
 * <p>Not thread-safe: one producer writes.
 */
public final class MultipartUpload extends OutputStream {

  /** S3 refuses more parts than this per object. */
  private static final int MAX_PARTS = 10_000;

  /**
   * Parts double in size every this many parts, so that objects larger than {@code 10,000 ×
   * partSize} still fit in S3's part limit (at 16 MiB parts: the first 31 GiB use 16 MiB parts,
   * and about 1 TiB fits). Memory grows with the part size only for such objects.
   */
  private static final int PARTS_PER_SIZE = 2_000;

  private static final int MAX_PART_SIZE = 1 << 30;

  private enum State { OPEN, COMPLETED, ABORTED }

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final int basePartSize;
  private final Executor executor;
  private final ObjectLock lock;
  private final StorageClass storageClass;
  private final Semaphore slots;
  /** Buffers of the base part size, shared with the store's other uploads. */
  private final BufferPool partBuffers;
  /** Buffers of the larger part sizes of very large objects. */
  private final ConcurrentLinkedQueue<byte[]> spareBuffers = new ConcurrentLinkedQueue<>();
  private final List<CompletableFuture<CompletedPart>> parts = new ArrayList<>();
  private final AtomicReference<Throwable> partFailure = new AtomicReference<>();

  private State state = State.OPEN;
  private Exception writeFailure;
  private String uploadId;
  private byte[] buffer;
  private int filled;
  private long bytesWritten;

  MultipartUpload(
      S3Client s3, String bucket, String key, BufferPool partBuffers, int concurrency, Executor executor,
      ObjectLock lock, StorageClass storageClass) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.partBuffers = partBuffers;
    this.basePartSize = partBuffers.size();
    this.executor = executor;
    this.lock = lock;
    this.storageClass = storageClass;
    this.slots = new Semaphore(concurrency);
  }

  public String key() {
    return key;
  }

  /** Bytes written so far (accepted, not necessarily uploaded yet). */
  public long bytesWritten() {
    return bytesWritten;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (state != State.OPEN) {
      throw new IOException("upload of " + where() + " is already " + state.name().toLowerCase());
    }
    try {
      throwIfPartFailed();
      while (length > 0) {
        if (buffer == null) {
          buffer = bufferFor(parts.size() + 1);
        }
        int n = Math.min(length, buffer.length - filled);
        System.arraycopy(bytes, offset, buffer, filled, n);
        filled += n;
        offset += n;
        length -= n;
        bytesWritten += n;
        if (filled == buffer.length) {
          sendPart();
        }
      }
    } catch (IOException | RuntimeException e) {
      writeFailure = e;
      throw e;
    }
  }

  /**
   * Uploads what remains and completes the object; on failure aborts it and throws. After a
   * failed write it only aborts (and throws): what was written is incomplete.
   */
  @Override
  public void close() throws IOException {
    if (state != State.OPEN) {
      return;
    }
    if (writeFailure != null) {
      abortAfter(writeFailure);
      throw new IOException("not completing " + where() + ": writing it failed", writeFailure);
    }
    try {
      if (uploadId == null) {
        putWholeObject();
      } else {
        if (filled > 0) {
          sendPart();
        }
        complete(awaitParts());
      }
      state = State.COMPLETED;
      release();
    } catch (IOException | RuntimeException e) {
      abortAfter(e);
      throw e;
    }
  }

  /**
   * Abandons the object: nothing is stored under the key, and the parts uploaded so far are
   * discarded by the store. Idempotent; does nothing once the object is complete.
   */
  public void abort() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABORTED;
    // A part still in flight when the abort lands could be stored after it; let them finish.
    for (CompletableFuture<CompletedPart> part : parts) {
      part.exceptionally(e -> null).join();
    }
    release();
    if (uploadId != null) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (SdkException e) {
        throw StorageException.explain(
            "aborting the multipart upload " + uploadId + " (remove it by hand or with a bucket"
                + " lifecycle rule) of",
            bucket,
            key,
            e);
      }
    }
  }

  private void abortAfter(Exception cause) {
    try {
      abort();
    } catch (RuntimeException abortFailure) {
      cause.addSuppressed(abortFailure);
    }
  }

  private void sendPart() throws IOException {
    if (uploadId == null) {
      uploadId = start();
    }
    int partNumber = parts.size() + 1;
    if (partNumber > MAX_PARTS) {
      throw new IOException("object " + where() + " exceeds S3's limit of " + MAX_PARTS + " parts");
    }
    acquireSlot();
    byte[] part = buffer;
    int length = filled;
    buffer = null;
    filled = 0;
    CompletableFuture<CompletedPart> upload =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return uploadPart(partNumber, part, length);
              } finally {
                giveBack(part);
                slots.release();
              }
            },
            executor);
    upload.whenComplete(
        (done, failure) -> {
          if (failure != null) {
            partFailure.compareAndSet(null, unwrap(failure));
          }
        });
    parts.add(upload);
  }

  /** Blocks while {@code concurrency} parts are in flight; gives up as soon as one fails. */
  private void acquireSlot() throws IOException {
    try {
      while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        throwIfPartFailed();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while uploading " + where());
    }
  }

  private String start() {
    try {
      return s3.createMultipartUpload(b -> {
        b.bucket(bucket).key(key).storageClass(storageClass);
        if (lock != null) {
          b.objectLockMode(lock.mode()).objectLockRetainUntilDate(lock.retainUntil())
              .checksumAlgorithm(ChecksumAlgorithm.CRC32);
        }
      }).uploadId();
    } catch (SdkException e) {
      throw StorageException.explain("starting the upload of", bucket, key, e);
    }
  }

  private CompletedPart uploadPart(int partNumber, byte[] part, int length) {
    try {
      UploadPartResponse uploaded =
          s3.uploadPart(
              b -> {
                b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber).contentLength((long) length);
                if (lock != null) {
                  b.checksumAlgorithm(ChecksumAlgorithm.CRC32);
                }
              },
              body(part, length));
      return CompletedPart.builder().partNumber(partNumber).eTag(uploaded.eTag())
          .checksumCRC32(uploaded.checksumCRC32()).build();
    } catch (SdkException e) {
      throw StorageException.explain("uploading part " + partNumber + " of", bucket, key, e);
    }
  }

  private void putWholeObject() {
    byte[] bytes = buffer == null ? new byte[0] : buffer;
    try {
      s3.putObject(
          b -> {
            b.bucket(bucket).key(key).contentLength((long) filled).storageClass(storageClass);
            if (lock != null) {
              b.objectLockMode(lock.mode()).objectLockRetainUntilDate(lock.retainUntil())
                  .checksumAlgorithm(ChecksumAlgorithm.CRC32);
            }
          },
          body(bytes, filled));
    } catch (SdkException e) {
      throw StorageException.explain("writing", bucket, key, e);
    }
  }

  private List<CompletedPart> awaitParts() {
    List<CompletedPart> done = new ArrayList<>(parts.size());
    for (CompletableFuture<CompletedPart> part : parts) {
      try {
        done.add(part.join());
      } catch (CompletionException e) {
        throw asRuntime(unwrap(e));
      }
    }
    return done;
  }

  private void complete(List<CompletedPart> done) {
    try {
      s3.completeMultipartUpload(
          b ->
              b.bucket(bucket)
                  .key(key)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(done)));
    } catch (SdkException e) {
      throw StorageException.explain("completing the upload of", bucket, key, e);
    }
  }

  /** The part buffer for a part number: reused when the size matches, else allocated. */
  private byte[] bufferFor(int partNumber) {
    int size = (int) Math.min((long) basePartSize << ((partNumber - 1) / PARTS_PER_SIZE), MAX_PART_SIZE);
    if (size == basePartSize) {
      return partBuffers.take();
    }
    byte[] spare;
    while ((spare = spareBuffers.poll()) != null) {
      if (spare.length == size) {
        return spare;
      }
    }
    return new byte[size];
  }

  private void throwIfPartFailed() {
    Throwable failure = partFailure.get();
    if (failure != null) {
      throw asRuntime(failure);
    }
  }

  private void giveBack(byte[] part) {
    if (part.length == basePartSize) {
      partBuffers.give(part);
    } else {
      spareBuffers.add(part);
    }
  }

  /** Called once no part is in flight any more. */
  private void release() {
    if (buffer != null) {
      giveBack(buffer);
      buffer = null;
    }
    spareBuffers.clear();
  }

  private String where() {
    return StorageException.location(bucket, key);
  }

  /**
   * The body of a part, read straight from its buffer: no copy is made, and a retry by the SDK
   * simply reads the buffer again.
   */
  static RequestBody body(byte[] bytes, int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(bytes, 0, length), length, "application/octet-stream");
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private static RuntimeException asRuntime(Throwable failure) {
    return failure instanceof RuntimeException runtime
        ? runtime
        : new StorageException(failure.getMessage(), failure);
  }
}
