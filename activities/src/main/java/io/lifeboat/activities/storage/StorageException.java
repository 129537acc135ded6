package io.lifeboat.activities.storage;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * An object-storage operation failed. The message names the bucket and key and, where the
 * failure says enough, what to fix: the bucket, the credentials or the endpoint.
 */
public class StorageException extends RuntimeException {

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Explains an SDK failure of {@code action} on {@code s3://bucket/key} (key may be null). */
  static StorageException explain(String action, String bucket, String key, Throwable failure) {
    return new StorageException(
        action + " " + location(bucket, key) + " failed: " + describe(failure) + hint(failure),
        failure);
  }

  static String location(String bucket, String key) {
    return key == null ? "s3://" + bucket : "s3://" + bucket + "/" + key;
  }

  private static String describe(Throwable failure) {
    if (failure instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
      return s3.awsErrorDetails().errorCode() + " (HTTP " + s3.statusCode() + ")";
    }
    return String.valueOf(failure.getMessage());
  }

  private static String hint(Throwable failure) {
    if (failure instanceof NoSuchBucketException) {
      return ". The bucket does not exist: create it, or fix the configured bucket name.";
    }
    if (failure instanceof S3Exception s3) {
      String code = s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode();
      if ("NoSuchBucket".equals(code)) {
        return ". The bucket does not exist: create it, or fix the configured bucket name.";
      }
      if (s3.statusCode() == 403
          || "InvalidAccessKeyId".equals(code)
          || "SignatureDoesNotMatch".equals(code)) {
        return ". The store refused the request: check the access key, the secret key and the"
            + " bucket policy.";
      }
      if (s3.statusCode() == 301 || "AuthorizationHeaderMalformed".equals(code)) {
        return ". The bucket lives in another region: fix the configured region.";
      }
      return "";
    }
    if (failure instanceof SdkClientException && unreachable(failure)) {
      return ". The endpoint is unreachable: check the endpoint URL, the network, and that the"
          + " object store is running.";
    }
    return "";
  }

  private static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
