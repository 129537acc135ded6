package io.lifeboat.activities.storage;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GlacierJobParameters;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tier;

/**
 * The bucket (and key prefix) that holds the backups. Keys passed to the methods are full keys,
 * as made by {@link #key(String)}. Every failure names the bucket and key; see
 * {@link StorageException} and {@link ObjectMissingException}.
 *
 * <p>Owns the S3 client given to it and the threads that upload parts: close it when done.
 */
public final class ObjectStore implements AutoCloseable {

  /** S3's smallest part (all parts but the last must be at least this big). */
  public static final long MIN_PART_SIZE = 5L << 20;

  /** Parts are held in byte arrays; larger parts would not buy any throughput anyway. */
  public static final long MAX_PART_SIZE = 1L << 30;

  /** The largest object one CopyObject copies; larger ones are copied part by part. */
  static final long MAX_SINGLE_COPY = 5L << 30;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final int partSize;
  private final BufferPool partBuffers;
  private final int uploadConcurrency;
  private final ObjectLock lock;
  private final StorageClass dataClass;
  private final ExecutorService uploads;

  public ObjectStore(
      S3Client s3, String bucket, String prefix, long partSizeBytes, int uploadConcurrency) {
    this(s3, bucket, prefix, partSizeBytes, uploadConcurrency, null, null);
  }

  /**
   * As the other constructor; every object written is locked by {@code lock} (null: not locked),
   * and objects written by {@link #upload} (backup data, not manifests) are stored in {@code
   * dataClass} (null: the bucket's default).
   */
  public ObjectStore(S3Client s3, String bucket, String prefix, long partSizeBytes, int uploadConcurrency,
      ObjectLock lock, StorageClass dataClass) {
    if (partSizeBytes < MIN_PART_SIZE || partSizeBytes > MAX_PART_SIZE) {
      throw new IllegalArgumentException(
          "part size must be between 5 MiB and 1 GiB, was " + partSizeBytes + " bytes");
    }
    if (uploadConcurrency < 1) {
      throw new IllegalArgumentException(
          "upload concurrency must be at least 1, was " + uploadConcurrency);
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    this.partSize = (int) partSizeBytes;
    this.partBuffers = new BufferPool(partSize, uploadConcurrency + 1);
    this.uploadConcurrency = uploadConcurrency;
    this.lock = lock;
    this.dataClass = dataClass;
    this.uploads = Executors.newCachedThreadPool(daemonThreads("s3-upload-" + bucket));
  }

  /**
   * An S3 client for AWS or any S3-compatible store.
   *
   * @param endpoint the store's URL, or null for AWS itself
   * @param accessKey null to use the default AWS credential chain (environment, profile, IAM role)
   * @param pathStyle true for stores addressed as {@code http://host/bucket/key} (S3Proxy, MinIO)
   */
  public static S3Client client(
      URI endpoint, String region, String accessKey, String secretKey, boolean pathStyle) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(Region.of(region == null || region.isBlank() ? "us-east-1" : region))
            .forcePathStyle(pathStyle)
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .maxConnections(64)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            // Integrity is end to end: every object's SHA-256 is recorded in the manifest and
            // checked on read. The SDK's default extra checksums (CRC32 trailers) cost CPU and
            // are not understood by every S3-compatible store.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .putAuthScheme(new UnsignedPayloadScheme())
            .credentialsProvider(
                accessKey == null
                    ? DefaultCredentialsProvider.builder().build()
                    : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKey, secretKey)));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  public String bucket() {
    return bucket;
  }

  public String prefix() {
    return prefix;
  }

  /** The size of an upload's parts; an object up to this size is written with one PutObject. */
  public int partSize() {
    return partSize;
  }

  /**
   * The full key of a path relative to the store's prefix: {@code prefix/relative}. A trailing
   * slash is kept, so {@code key("target/")} lists one folder and not its namesakes.
   */
  public String key(String relative) {
    String path = relative.replaceFirst("^/+", "");
    String joined = prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + "/" + path;
    return joined.replaceAll("/{2,}", "/");
  }

  /** The Object Lock every write gets; empty when objects are not locked. */
  public Optional<ObjectLock> lock() {
    return Optional.ofNullable(lock);
  }

  public void put(String key, byte[] bytes) {
    put(key, bytes, (String) null);
  }

  /**
   * Stores a small object with its {@code Content-Type} (null: the store's default), for records a
   * person opens straight from the bucket's console or a presigned link (a drill's HTML report).
   */
  public void put(String key, byte[] bytes, String contentType) {
    try {
      s3.putObject(
          b -> {
            b.bucket(bucket).key(key).contentLength((long) bytes.length).contentType(contentType);
            if (lock != null) {
              b.objectLockMode(lock.mode()).objectLockRetainUntilDate(lock.retainUntil())
                  .checksumAlgorithm(ChecksumAlgorithm.CRC32); // S3 refuses a locked write without one
            }
          },
          MultipartUpload.body(bytes, bytes.length));
    } catch (SdkException e) {
      throw StorageException.explain("writing", bucket, key, e);
    }
  }

  /**
   * Stores a small object only if its key is free, in one conditional PutObject ({@code If-None-Match:
   * *}): of two writers of one key, exactly one wins, and an object already there is never replaced.
   *
   * @return false when the key already holds an object (nothing was written)
   */
  public boolean putIfAbsent(String key, byte[] bytes) {
    try {
      s3.putObject(
          b -> {
            b.bucket(bucket).key(key).contentLength((long) bytes.length).ifNoneMatch("*");
            if (lock != null) {
              b.objectLockMode(lock.mode()).objectLockRetainUntilDate(lock.retainUntil())
                  .checksumAlgorithm(ChecksumAlgorithm.CRC32);
            }
          },
          MultipartUpload.body(bytes, bytes.length));
      return true;
    } catch (S3Exception e) {
      // 412: the key is taken; 409: another conditional write of it is in flight (S3 says retry).
      if (e.statusCode() == 412 || e.statusCode() == 409) {
        return false;
      }
      throw StorageException.explain("writing", bucket, key, e);
    } catch (SdkException e) {
      throw StorageException.explain("writing", bucket, key, e);
    }
  }

  /**
   * Stores a small object with user metadata ({@code x-amz-meta-*}) in one PutObject: the object
   * and what it says about itself become visible together.
   */
  public void put(String key, byte[] bytes, Map<String, String> metadata) {
    try {
      s3.putObject(
          b -> b.bucket(bucket).key(key).contentLength((long) bytes.length).metadata(metadata),
          MultipartUpload.body(bytes, bytes.length));
    } catch (SdkException e) {
      throw StorageException.explain("writing", bucket, key, e);
    }
  }

  /** An object's size, time and user metadata; empty when there is no such object. */
  public Optional<ObjectInfo> head(String key) {
    try {
      var head = s3.headObject(b -> b.bucket(bucket).key(key));
      return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified(), head.metadata()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
        return Optional.empty();
      }
      throw StorageException.explain("looking for", bucket, key, e);
    } catch (SdkException e) {
      throw StorageException.explain("looking for", bucket, key, e);
    }
  }

  /** Every object under {@code keyPrefix}, in key order, with size and time (no metadata). */
  public List<ObjectInfo> listInfo(String keyPrefix) {
    try {
      return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix)).contents().stream()
          .map(o -> new ObjectInfo(o.key(), o.size(), o.lastModified(), Map.of()))
          .toList();
    } catch (SdkException e) {
      throw StorageException.explain("listing", bucket, keyPrefix + "*", e);
    }
  }

  /**
   * The objects under {@code keyPrefix} whose keys sort after {@code startAfter} (S3's
   * {@code start-after}), in key order: a folder whose keys grow in order is read from where the
   * reader left it, not from its beginning. Null {@code startAfter}: every object.
   */
  public List<ObjectInfo> listInfo(String keyPrefix, String startAfter) {
    if (startAfter == null) {
      return listInfo(keyPrefix);
    }
    try {
      return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix).startAfter(startAfter)).contents()
          .stream()
          .map(o -> new ObjectInfo(o.key(), o.size(), o.lastModified(), Map.of()))
          .toList();
    } catch (SdkException e) {
      throw StorageException.explain("listing", bucket, keyPrefix + "* after " + startAfter, e);
    }
  }

  /** What the store says about one object; {@code metadata} only from {@link #head}. */
  public record ObjectInfo(String key, long size, Instant lastModified, Map<String, String> metadata) {}

  /** A small object's bytes (manifests, signatures); stream big ones with {@link #open}. */
  public byte[] get(String key) {
    try {
      return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    } catch (SdkException e) {
      throw failure("reading", key, e);
    }
  }

  /** The object's bytes as a stream; the caller closes it. */
  public InputStream open(String key) {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw failure("reading", key, e);
    }
  }

  public boolean exists(String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
        return false;
      }
      throw StorageException.explain("looking for", bucket, key, e);
    } catch (SdkException e) {
      throw StorageException.explain("looking for", bucket, key, e);
    }
  }

  /** Every key that starts with {@code keyPrefix}, in key order. */
  public List<String> list(String keyPrefix) {
    try {
      return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(keyPrefix)).contents().stream()
          .map(S3Object::key)
          .toList();
    } catch (SdkException e) {
      throw StorageException.explain("listing", bucket, keyPrefix + "*", e);
    }
  }

  /** As {@link #list(String)}, only the keys after {@code startAfter} (in key order). */
  public List<String> list(String keyPrefix, String startAfter) {
    return listInfo(keyPrefix, startAfter).stream().map(ObjectInfo::key).toList();
  }

  /** The Object Lock retention of an object; empty when it has none. */
  public Optional<ObjectLockRetention> retention(String key) {
    try {
      return Optional.ofNullable(s3.getObjectRetention(b -> b.bucket(bucket).key(key)).retention());
    } catch (S3Exception e) {
      if ("NoSuchObjectLockConfiguration".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
        return Optional.empty();
      }
      throw failure("reading the retention of", key, e);
    } catch (SdkException e) {
      throw failure("reading the retention of", key, e);
    }
  }

  /** Sets or clears the object's Object Lock legal hold (S3 keeps it apart from the retention). */
  public void legalHold(String key, boolean on) {
    try {
      s3.putObjectLegalHold(b -> b.bucket(bucket).key(key)
          .legalHold(h -> h.status(on ? ObjectLockLegalHoldStatus.ON : ObjectLockLegalHoldStatus.OFF)));
    } catch (SdkException e) {
      throw failure(on ? "placing a legal hold on" : "releasing the legal hold of", key, e);
    }
  }

  /** The object's storage class (null for STANDARD, as S3 reports it) and archive restore status. */
  public ObjectState state(String key) {
    try {
      HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
      return new ObjectState(head.storageClassAsString(), head.restore(), head.contentLength());
    } catch (SdkException e) {
      throw failure("looking at", key, e);
    }
  }

  /**
   * Rewrites the object in place in {@code storageClass} (same data, metadata and Object Lock
   * retention): one CopyObject, or part by part above S3's 5 GiB copy limit.
   */
  public void changeClass(String key, StorageClass storageClass, long size) {
    Optional<ObjectLockRetention> retention = lock == null ? Optional.empty() : retention(key);
    try {
      if (size <= MAX_SINGLE_COPY) {
        s3.copyObject(b -> {
          b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key)
              .storageClass(storageClass).metadataDirective(MetadataDirective.COPY);
          retention.ifPresent(r -> b.objectLockMode(r.modeAsString()).objectLockRetainUntilDate(r.retainUntilDate()));
        });
        return;
      }
      String uploadId = s3.createMultipartUpload(b -> {
        b.bucket(bucket).key(key).storageClass(storageClass);
        retention.ifPresent(r -> b.objectLockMode(r.modeAsString()).objectLockRetainUntilDate(r.retainUntilDate()));
      }).uploadId();
      List<CompletedPart> parts = new ArrayList<>();
      for (long from = 0; from < size; from += MAX_PART_SIZE) {
        int number = parts.size() + 1;
        String range = "bytes=" + from + "-" + (Math.min(from + MAX_PART_SIZE, size) - 1);
        String eTag = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket)
            .destinationKey(key).uploadId(uploadId).partNumber(number).copySourceRange(range)).copyPartResult().eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
      }
      s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    } catch (SdkException e) {
      throw failure("moving to " + storageClass + " storage", key, e);
    }
  }

  /**
   * Asks S3 to make an object in an archive class readable for {@code days} (RestoreObject,
   * standard retrieval). A restore already under way is not an error.
   */
  public void requestRestore(String key, int days) {
    try {
      s3.restoreObject(b -> b.bucket(bucket).key(key).restoreRequest(r -> r.days(days)
          .glacierJobParameters(GlacierJobParameters.builder().tier(Tier.STANDARD).build())));
    } catch (S3Exception e) {
      if (!"RestoreAlreadyInProgress".equals(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode())) {
        throw failure("restoring from the archive class", key, e);
      }
    } catch (SdkException e) {
      throw failure("restoring from the archive class", key, e);
    }
  }

  /**
   * @param storageClass null for STANDARD
   * @param restore S3's x-amz-restore header: null when never restored, else {@code
   *     ongoing-request="true"} while restoring and {@code ongoing-request="false", expiry-date=...} once done
   */
  public record ObjectState(String storageClass, String restore, long size) {
    public boolean readable() {
      return !StorageTiers.archive(storageClass) || restore != null && restore.contains("ongoing-request=\"false\"");
    }
  }

  /** Deletes the object; deleting a missing object is not an error. */
  public void delete(String key) {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw StorageException.explain("deleting", bucket, key, e);
    }
  }

  /** Creates the bucket when it does not exist (for the embedded store and first runs). */
  public void ensureBucket() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return;
    } catch (NoSuchBucketException e) {
      // create it below
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw StorageException.explain("checking", bucket, null, e);
      }
    } catch (SdkException e) {
      throw StorageException.explain("checking", bucket, null, e);
    }
    try {
      s3.createBucket(b -> b.bucket(bucket));
    } catch (BucketAlreadyOwnedByYouException e) {
      // created concurrently by another worker: fine
    } catch (SdkException e) {
      throw StorageException.explain("creating", bucket, null, e);
    }
  }

  /**
   * A stream that stores what is written to it as the object {@code key}, uploading parts in
   * parallel as they fill. Closing completes the object; call {@link MultipartUpload#abort()}
   * instead when the producer failed.
   */
  public MultipartUpload upload(String key) {
    return new MultipartUpload(s3, bucket, key, partBuffers, uploadConcurrency, uploads, lock, dataClass);
  }

  @Override
  public void close() {
    uploads.shutdown();
    s3.close();
  }

  private StorageException failure(String action, String key, SdkException e) {
    if (e instanceof NoSuchKeyException || e instanceof NoSuchBucketException) {
      return new ObjectMissingException(bucket, key, e);
    }
    return StorageException.explain(action, bucket, key, e);
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
