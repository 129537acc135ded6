package io.lifeboat.catalog;

/**
 * An object the catalog recorded for the bucket and the bucket has not received yet.
 *
 * @param key relative to the storage prefix
 */
public record BucketWrite(long id, String key, byte[] body) {}
