package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One schedule of a target ({@code schedules:} under the target): what to run, when, in which
 * time zone. On a Temporal cluster it becomes a Temporal Schedule; on a server without Schedules,
 * a cron workflow.
 *
 * <pre>
 * schedules:
 *   - name: nightly          # unique within the target; part of the schedule's id
 *     action: backup         # backup | verify (the newest backup) | retention | tenant-backup
 *     cron: "0 2 * * *"      # minute hour day-of-month month day-of-week
 *     timeZone: Europe/Paris # required: a schedule without a time zone is ambiguous
 *     overlap: skip          # skip | buffer-one: a run due while the last one runs
 *     catchupWindow: 1 hour  # missed runs (server down) younger than this still run
 *   - name: tenants
 *     action: tenant-backup  # postgres targets only: one backup per schema matching...
 *     schemas: "tenant_*"    # ...this pattern ('*' any characters, '?' one); required here
 *     concurrency: 2         # tenant backups at a time (1-16, default 2)
 *     cron: "0 3 * * *"
 *     timeZone: UTC
 * </pre>
 */
public class ScheduleConfig {
  public enum Action {
    @JsonProperty("backup") BACKUP,
    @JsonProperty("verify") VERIFY,
    @JsonProperty("retention") RETENTION,
    @JsonProperty("tenant-backup") TENANT_BACKUP;

    /** As written in the configuration, and as the scheduled run carries it. */
    public String value() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Most tenant backups a scheduled run may have going at once, as the API allows. */
  public static final int MAX_CONCURRENCY = 16;

  public enum Overlap {
    @JsonProperty("skip") SKIP,
    @JsonProperty("buffer-one") BUFFER_ONE
  }

  @NotBlank
  @Pattern(regexp = "[a-z0-9][a-z0-9_-]*", message = "must be lowercase letters, digits, '_' and '-'")
  @JsonProperty
  private String name;

  @NotNull @JsonProperty private Action action;

  @NotBlank @JsonProperty private String cron;

  @NotBlank @JsonProperty private String timeZone;

  @NotNull @JsonProperty private Overlap overlap = Overlap.SKIP;

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @JsonProperty
  private Duration catchupWindow = Duration.hours(1);

  /** Kept with every run it starts, e.g. "nightly full". */
  @Nullable @JsonProperty private String reason;

  /** {@code tenant-backup}: a pattern of the schemas to back up, one backup each. */
  @Nullable
  @Pattern(regexp = "[A-Za-z0-9_$*?]{1,63}", message = "must be a pattern of schema names: letters, digits, '_',"
      + " '$', '*' for any characters and '?' for one, e.g. \"tenant_*\"")
  @JsonProperty
  private String schemas;

  /** {@code tenant-backup}: tenant backups at a time; absent leaves the workflow's default (2). */
  @Nullable @Min(1) @Max(MAX_CONCURRENCY) @JsonProperty private Integer concurrency;

  @JsonIgnore
  @ValidationMethod(message = "has action tenant-backup but no schemas; add the pattern of the schemas to back up,"
      + " e.g. schemas: \"tenant_*\"")
  public boolean isTenantBackupGivenSchemas() {
    return action != Action.TENANT_BACKUP || schemas != null;
  }

  @JsonIgnore
  @ValidationMethod(message = "has schemas or concurrency, which only action tenant-backup takes")
  public boolean isTenantKeysOnlyForTenantBackup() {
    return action == null || action == Action.TENANT_BACKUP || (schemas == null && concurrency == null);
  }

  @JsonIgnore
  @ValidationMethod(message = "cron must have five fields (minute hour day-of-month month day-of-week)"
      + " or be one of @hourly, @daily, @weekly, @monthly, @yearly")
  public boolean isCronWellFormed() {
    if (cron == null) {
      return true; // @NotBlank says so
    }
    String c = cron.strip();
    return c.matches("@(hourly|daily|midnight|weekly|monthly|yearly|annually)") || c.split("\\s+").length == 5;
  }

  @JsonIgnore
  @ValidationMethod(message = "timeZone must be an IANA time zone such as UTC or Europe/Paris")
  public boolean isTimeZoneKnown() {
    if (timeZone == null) {
      return true;
    }
    try {
      ZoneId.of(timeZone);
      return true;
    } catch (DateTimeException e) {
      return false;
    }
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public Action getAction() { return action; }
  public void setAction(Action action) { this.action = action; }
  public String getCron() { return cron; }
  public void setCron(String cron) { this.cron = cron; }
  public String getTimeZone() { return timeZone; }
  public void setTimeZone(String timeZone) { this.timeZone = timeZone; }
  public Overlap getOverlap() { return overlap; }
  public void setOverlap(Overlap overlap) { this.overlap = overlap; }
  public Duration getCatchupWindow() { return catchupWindow; }
  public void setCatchupWindow(Duration catchupWindow) { this.catchupWindow = catchupWindow; }
  @Nullable public String getReason() { return reason; }
  public void setReason(@Nullable String reason) { this.reason = reason; }
  @Nullable public String getSchemas() { return schemas; }
  public void setSchemas(@Nullable String schemas) { this.schemas = schemas; }
  @Nullable public Integer getConcurrency() { return concurrency; }
  public void setConcurrency(@Nullable Integer concurrency) { this.concurrency = concurrency; }
}
