package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * S3 Object Lock for every object written to the primary bucket ({@code storage.objectLock}):
 * the bucket must have been created with Object Lock enabled. Retention never deletes a backup
 * before its lock ends, and verification checks that the lock is in place.
 *
 * <pre>
 * objectLock:
 *   mode: compliance     # or governance (removable with s3:BypassGovernanceRetention)
 *   days: 35             # each object stays locked this long after it is written
 * </pre>
 */
public class ObjectLockConfig {
  public enum Mode { GOVERNANCE, COMPLIANCE }

  @NotNull @JsonProperty private Mode mode;

  @Min(1) @Max(36_500) @JsonProperty private int days;

  public Mode getMode() { return mode; }
  public void setMode(Mode mode) { this.mode = mode; }
  public int getDays() { return days; }
  public void setDays(int days) { this.days = days; }
}
