package io.lifeboat.api.resources;

import io.lifeboat.api.errors.ApiProblem;
import java.util.Optional;

/**
 * Where the API reads drill reports: the bucket, through whoever holds a storage client (the
 * worker, when it runs in the same process), so the API reads them without depending on the
 * storage code. Until one is attached, report requests answer 503.
 */
public final class DrillReportBucket {
  /** Reads an object of the bucket by its key under the configured prefix; empty when there is none. */
  @FunctionalInterface
  public interface Bucket {
    Optional<byte[]> read(String key);
  }

  private volatile Bucket bucket;

  /** From now on, reports are read from {@code bucket}. */
  public void readFrom(Bucket bucket) {
    this.bucket = bucket;
  }

  Optional<byte[]> read(String key) {
    Bucket reader = bucket;
    if (reader == null) {
      throw ApiProblem.unavailable("format", "this API process cannot read the bucket, where drill reports are kept",
          "run the API with its worker (lifeboat server), or read the report with `lifeboat drill report ID` on the"
              + " worker's host");
    }
    return reader.read(key);
  }
}
