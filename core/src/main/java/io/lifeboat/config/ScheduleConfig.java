package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/**
 * One schedule of a target ({@code schedules:} under the target): what to run, when, in which
 * time zone. On a Temporal cluster it becomes a Temporal Schedule; on a server without Schedules,
 * a cron workflow.
 *
 * <pre>
 * schedules:
 *   - name: nightly          # unique within the target; part of the schedule's id
 *     action: backup         # backup | verify (the newest backup) | retention
 *     cron: "0 2 * * *"      # minute hour day-of-month month day-of-week
 *     timeZone: Europe/Paris # required: a schedule without a time zone is ambiguous
 *     overlap: skip          # skip | buffer-one: a run due while the last one runs
 *     catchupWindow: 1 hour  # missed runs (server down) younger than this still run
 * </pre>
 */
public class ScheduleConfig {
  public enum Action {
    @JsonProperty("backup") BACKUP,
    @JsonProperty("verify") VERIFY,
    @JsonProperty("retention") RETENTION
  }

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
}
