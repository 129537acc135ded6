package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;

/**
 * What runs around each backup of a target so that it is consistent: {@code before} (flush,
 * checkpoint, pause writes) and {@code after} (resume). A failed {@code before} means no backup;
 * {@code after} runs whatever happened to the backup, also when the run is cancelled.
 */
public class HooksConfig {
  @Valid @Nullable @JsonProperty private HookConfig before;

  @Valid @Nullable @JsonProperty private HookConfig after;

  @Nullable
  public HookConfig getBefore() {
    return before;
  }

  public void setBefore(@Nullable HookConfig before) {
    this.before = before;
  }

  @Nullable
  public HookConfig getAfter() {
    return after;
  }

  public void setAfter(@Nullable HookConfig after) {
    this.after = after;
  }

  /** Whether either hook runs SQL, which needs a target with a PostgreSQL server. */
  @JsonIgnore
  public boolean runsSql() {
    return (before != null && before.getSql() != null) || (after != null && after.getSql() != null);
  }
}
