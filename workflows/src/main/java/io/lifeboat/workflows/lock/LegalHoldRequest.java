package io.lifeboat.workflows.lock;

/** Place ({@code hold}) or release the S3 legal hold of a backup's objects, with who asked and why. */
public record LegalHoldRequest(String backupId, boolean hold, String requestedBy, String reason) {}
