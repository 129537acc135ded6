package io.lifeboat.activities.storage;

/** The object (or its bucket) is not there. Retrying will not make it appear. */
public class ObjectMissingException extends StorageException {

  public ObjectMissingException(String bucket, String key, Throwable cause) {
    super(
        "no object at "
            + location(bucket, key)
            + ": it was deleted (retention?), never completed, or the bucket, prefix or backup id"
            + " is wrong",
        cause);
  }
}
