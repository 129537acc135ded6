package io.lifeboat.activities.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;

/**
 * S3 Object Lock retention given to every object a store writes: {@code mode} (GOVERNANCE:
 * removable by a principal with s3:BypassGovernanceRetention; COMPLIANCE: by nobody) until
 * {@code retention} after the write. The bucket must have been created with Object Lock enabled.
 */
public record ObjectLock(ObjectLockMode mode, Duration retention, Clock clock) {
  /** When the lock of an object written now ends (whole seconds, as S3 keeps it). */
  public Instant retainUntil() {
    return clock.instant().plus(retention).truncatedTo(ChronoUnit.SECONDS);
  }
}
