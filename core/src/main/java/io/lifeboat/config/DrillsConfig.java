package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drills ({@code drills:}, optional): rehearsals of runbooks and of target restores in scratch
 * environments, on a schedule when enabled.
 *
 * <pre>
 * drills:
 *   enabled: true            # every target and every runbook below is drilled every 'every'
 *   every: 90 days           # the default interval (quarterly); a drill older than it is overdue
 *   approvals: auto          # auto: approval steps approved by the drill's principal | wait: by people
 *   history: 10              # drills per target shown by 'lifeboat drills --target'
 *   scratchDirectory: /var/tmp/lifeboat-drills   # where scratch servers and directories are made
 *   runbooks:                # runbooks drilled on a schedule, with the parameters of the drill
 *     full-system-restore:
 *       every: 30 days
 *       parameters: { backup: latest }
 * </pre>
 *
 * A target's own {@code drill:} ({@code every}, {@code enabled}) overrides the default for it.
 */
public class DrillsConfig {
  public enum Approvals {
    @JsonProperty("auto") AUTO,
    @JsonProperty("wait") WAIT
  }

  @JsonProperty private boolean enabled;

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  @JsonProperty
  private Duration every = Duration.days(90);

  @NotNull @JsonProperty private Approvals approvals = Approvals.AUTO;

  @Min(1) @Max(1000) @JsonProperty private int history = 10;

  /** Under it, one directory per drill holds its scratch servers' data and its scratch directories. */
  @Nullable @JsonProperty private String scratchDirectory;

  @Valid @NotNull @JsonProperty private Map<String, @Valid @NotNull RunbookDrill> runbooks = new LinkedHashMap<>();

  /** A runbook drilled on a schedule: an interval and on/off as a target's, and the drill's parameters. */
  public static class RunbookDrill extends TargetDrill {
    @NotNull @JsonProperty private Map<String, String> parameters = new LinkedHashMap<>();

    public Map<String, String> getParameters() {
      return parameters;
    }

    public void setParameters(Map<String, String> parameters) {
      this.parameters = parameters;
    }
  }

  /** A target's {@code drill:}: its own interval (null: the drills' default), or no scheduled drill for it. */
  public static class TargetDrill {
    @Nullable
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration every;

    @JsonProperty private boolean enabled = true;

    @Nullable
    public Duration getEvery() {
      return every;
    }

    public void setEvery(@Nullable Duration every) {
      this.every = every;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** The configured scratch directory, else {@code lifeboat-drills} in the system's temporary directory. */
  public java.nio.file.Path scratchRoot() {
    return scratchDirectory != null ? java.nio.file.Path.of(scratchDirectory)
        : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "lifeboat-drills");
  }

  public void setScratchDirectory(String scratchDirectory) {
    this.scratchDirectory = scratchDirectory;
  }

  public Duration getEvery() {
    return every;
  }

  public void setEvery(Duration every) {
    this.every = every;
  }

  public Approvals getApprovals() {
    return approvals;
  }

  public void setApprovals(Approvals approvals) {
    this.approvals = approvals;
  }

  public int getHistory() {
    return history;
  }

  public void setHistory(int history) {
    this.history = history;
  }

  public Map<String, RunbookDrill> getRunbooks() {
    return runbooks;
  }

  public void setRunbooks(Map<String, RunbookDrill> runbooks) {
    this.runbooks = runbooks;
  }

  /**
   * How often a target is to be drilled (its own {@code drill.every}, else the default); null when
   * drills are not enabled or the target opted out: it is then never overdue.
   */
  @Nullable
  public java.time.Duration intervalOf(TargetConfig target) {
    TargetDrill own = target.getDrill();
    // a cluster's recovery is rehearsed by its point-in-time verification, not by a drill
    if (!enabled || own != null && !own.isEnabled() || target instanceof PostgresClusterTargetConfig) {
      return null;
    }
    return (own != null && own.getEvery() != null ? own.getEvery() : every).toJavaDuration();
  }
}
