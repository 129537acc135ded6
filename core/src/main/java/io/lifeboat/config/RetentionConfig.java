package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * A target's retention policy ({@code retention:} under the target). Counts of zero turn a rule
 * off. The newest backup, the newest verified backup, held and locked backups and the parents of
 * kept backups are kept whatever this says.
 *
 * <pre>
 * retention:
 *   preset: seed-tiers      # daily 30 days, weekly 12 weeks, monthly 12 months, yearly 7 years
 *   keepLast: 3             # the 3 newest
 *   keepDaily: 7            # the newest of each of the 7 most recent days that have a backup
 *   keepWithin: 2 days      # everything younger than 2 days
 *   tiers: {daily: 30, weekly: 12, monthly: 12, yearly: 7}   # calendar periods back from now
 * </pre>
 */
public class RetentionConfig {
  public static final String SEED_TIERS = "seed-tiers";

  @Nullable
  @Pattern(regexp = SEED_TIERS, message = "must be seed-tiers (or absent)")
  @JsonProperty
  private String preset;

  @Min(0) @JsonProperty private int keepLast;
  @Min(0) @JsonProperty private int keepHourly;
  @Min(0) @JsonProperty private int keepDaily;
  @Min(0) @JsonProperty private int keepWeekly;
  @Min(0) @JsonProperty private int keepMonthly;
  @Min(0) @JsonProperty private int keepYearly;

  @Nullable @JsonProperty private Duration keepWithin;

  /** Calendar windows; with {@code preset: seed-tiers}, any tier given here replaces the seed's. */
  @Valid @Nullable @JsonProperty private Tiers tiers;

  /** How many calendar periods back from now each tier keeps one backup per period for. */
  public static class Tiers {
    @Min(0) @Nullable @JsonProperty private Integer hourly;
    @Min(0) @Nullable @JsonProperty private Integer daily;
    @Min(0) @Nullable @JsonProperty private Integer weekly;
    @Min(0) @Nullable @JsonProperty private Integer monthly;
    @Min(0) @Nullable @JsonProperty private Integer yearly;

    public Tiers() {}

    public Tiers(Integer hourly, Integer daily, Integer weekly, Integer monthly, Integer yearly) {
      this.hourly = hourly;
      this.daily = daily;
      this.weekly = weekly;
      this.monthly = monthly;
      this.yearly = yearly;
    }

    @Nullable public Integer getHourly() { return hourly; }
    @Nullable public Integer getDaily() { return daily; }
    @Nullable public Integer getWeekly() { return weekly; }
    @Nullable public Integer getMonthly() { return monthly; }
    @Nullable public Integer getYearly() { return yearly; }
  }

  /** The tiers in force: the preset's, with any tier given explicitly in its place. */
  public Tiers effectiveTiers() {
    Tiers base = SEED_TIERS.equals(preset) ? new Tiers(null, 30, 12, 12, 7) : new Tiers();
    if (tiers == null) {
      return base;
    }
    return new Tiers(
        tiers.hourly != null ? tiers.hourly : base.hourly,
        tiers.daily != null ? tiers.daily : base.daily,
        tiers.weekly != null ? tiers.weekly : base.weekly,
        tiers.monthly != null ? tiers.monthly : base.monthly,
        tiers.yearly != null ? tiers.yearly : base.yearly);
  }

  @Nullable public String getPreset() { return preset; }
  public void setPreset(@Nullable String preset) { this.preset = preset; }
  public int getKeepLast() { return keepLast; }
  public void setKeepLast(int keepLast) { this.keepLast = keepLast; }
  public int getKeepHourly() { return keepHourly; }
  public void setKeepHourly(int keepHourly) { this.keepHourly = keepHourly; }
  public int getKeepDaily() { return keepDaily; }
  public void setKeepDaily(int keepDaily) { this.keepDaily = keepDaily; }
  public int getKeepWeekly() { return keepWeekly; }
  public void setKeepWeekly(int keepWeekly) { this.keepWeekly = keepWeekly; }
  public int getKeepMonthly() { return keepMonthly; }
  public void setKeepMonthly(int keepMonthly) { this.keepMonthly = keepMonthly; }
  public int getKeepYearly() { return keepYearly; }
  public void setKeepYearly(int keepYearly) { this.keepYearly = keepYearly; }
  @Nullable public Duration getKeepWithin() { return keepWithin; }
  public void setKeepWithin(@Nullable Duration keepWithin) { this.keepWithin = keepWithin; }
  @Nullable public Tiers getTiers() { return tiers; }
  public void setTiers(@Nullable Tiers tiers) { this.tiers = tiers; }
}
