package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import jakarta.annotation.Nullable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Something Lifeboat backs up and restores, with its recovery objectives. The {@code kind} key
 * picks the subclass; a new kind is one more subclass listed here.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = PostgresTargetConfig.class, name = PostgresTargetConfig.KIND),
  @JsonSubTypes.Type(value = FilesTargetConfig.class, name = FilesTargetConfig.KIND),
  @JsonSubTypes.Type(value = ConfigTargetConfig.class, name = ConfigTargetConfig.KIND),
  @JsonSubTypes.Type(value = RedisTargetConfig.class, name = RedisTargetConfig.KIND),
  @JsonSubTypes.Type(value = PostgresClusterTargetConfig.class, name = PostgresClusterTargetConfig.KIND),
  @JsonSubTypes.Type(value = EtcdTargetConfig.class, name = EtcdTargetConfig.KIND),
  @JsonSubTypes.Type(value = KubernetesTargetConfig.class, name = KubernetesTargetConfig.KIND)
})
public abstract class TargetConfig {
  /**
   * What a target name may look like: it becomes a storage path segment and part of workflow
   * ids, so it stays lowercase, slash-free and colon-free.
   */
  public static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]*";

  /** Recovery point objective: the most data, in time, that a recovery may lose. */
  @NotNull
  @MinDuration(value = 0, unit = TimeUnit.SECONDS, inclusive = false, message = "must be longer than zero")
  @JsonProperty
  private Duration rpo;

  /** Recovery time objective: the longest a recovery may take, incident to service back. */
  @NotNull
  @MinDuration(value = 0, unit = TimeUnit.SECONDS, inclusive = false, message = "must be longer than zero")
  @JsonProperty
  private Duration rto;

  /** Which backups to keep; absent keeps every backup. See {@link RetentionConfig}. */
  @Valid @Nullable @JsonProperty private RetentionConfig retention;

  /** When to back up, verify and apply retention. See {@link ScheduleConfig}. */
  @Valid @JsonProperty private List<@Valid ScheduleConfig> schedules = new ArrayList<>();

  /** What runs before and after each backup (see {@link HooksConfig}); absent: nothing. */
  @Valid @Nullable @JsonProperty private HooksConfig hooks;

  /** Whether a direct restore that replaces this target's data waits for a second person's approval. */
  public enum ReplaceApproval {
    /** Someone other than the requester approves it (or an admin overrides, with a reason). */
    @JsonProperty("required") REQUIRED,
    /** It goes ahead on the operator's word alone. */
    @JsonProperty("none") NONE
  }

  /**
   * A restore that replaces data this target holds waits for a second person unless {@code none};
   * restores run by a runbook (its approve steps govern them) and drills never wait.
   */
  @NotNull @JsonProperty private ReplaceApproval replaceApproval = ReplaceApproval.REQUIRED;

  /** How long a restore that replaces data waits for its approval before it ends, nothing changed. */
  @NotNull
  @MinDuration(value = 0, unit = TimeUnit.SECONDS, inclusive = false, message = "must be longer than zero")
  @JsonProperty
  private Duration replaceApprovalTimeout = Duration.hours(4);

  /** Its own drill interval, or {@code enabled: false}; see {@link DrillsConfig}. */
  @Valid @Nullable @JsonProperty private DrillsConfig.TargetDrill drill;

  /**
   * How much the target's backups may take in the primary bucket, e.g. {@code 500GiB}; absent: no
   * quota. Exported as a metric so the storage alerts fire at 80% and 90% of it, before it is full.
   */
  @Nullable
  @MinDataSize(value = 1, unit = DataSizeUnit.BYTES)
  @JsonProperty
  private DataSize storageQuota;

  @Nullable
  public DataSize getStorageQuota() {
    return storageQuota;
  }

  public void setStorageQuota(@Nullable DataSize storageQuota) {
    this.storageQuota = storageQuota;
  }

  @Nullable
  public DrillsConfig.TargetDrill getDrill() {
    return drill;
  }

  public void setDrill(@Nullable DrillsConfig.TargetDrill drill) {
    this.drill = drill;
  }

  /** Optional: how this target's backups are judged unusual; absent: {@code notifications.anomaly}. */
  @Valid @Nullable @JsonProperty private NotificationsConfig.Anomaly anomaly;

  @Nullable
  public NotificationsConfig.Anomaly getAnomaly() {
    return anomaly;
  }

  public void setAnomaly(@Nullable NotificationsConfig.Anomaly anomaly) {
    this.anomaly = anomaly;
  }

  /** The {@code kind} value of this target in the configuration, the catalog and storage keys. */
  public abstract String kind();

  /** Whether the target has tenant schemas a {@code tenant-backup} schedule can back up. */
  public boolean hasTenantSchemas() {
    return false;
  }

  /** Whether the target is reached through a PostgreSQL server, on which {@code sql} hooks run. */
  public boolean hasPostgresServer() {
    return false;
  }

  public ReplaceApproval getReplaceApproval() {
    return replaceApproval;
  }

  public void setReplaceApproval(ReplaceApproval replaceApproval) {
    this.replaceApproval = replaceApproval;
  }

  public Duration getReplaceApprovalTimeout() {
    return replaceApprovalTimeout;
  }

  public void setReplaceApprovalTimeout(Duration replaceApprovalTimeout) {
    this.replaceApprovalTimeout = replaceApprovalTimeout;
  }

  public Duration getRpo() {
    return rpo;
  }

  public void setRpo(Duration rpo) {
    this.rpo = rpo;
  }

  public Duration getRto() {
    return rto;
  }

  public void setRto(Duration rto) {
    this.rto = rto;
  }

  @Nullable
  public RetentionConfig getRetention() {
    return retention;
  }

  public void setRetention(@Nullable RetentionConfig retention) {
    this.retention = retention;
  }

  public List<ScheduleConfig> getSchedules() {
    return schedules;
  }

  public void setSchedules(List<ScheduleConfig> schedules) {
    this.schedules = schedules == null ? new ArrayList<>() : schedules;
  }

  @Nullable
  public HooksConfig getHooks() {
    return hooks;
  }

  public void setHooks(@Nullable HooksConfig hooks) {
    this.hooks = hooks;
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  @ValidationMethod(message = "has an sql hook, which only postgres and postgres-cluster targets can run;"
      + " use a command or http hook")
  public boolean isSqlHookOnPostgres() {
    return hooks == null || !hooks.runsSql() || hasPostgresServer();
  }

  // Schedule ids are "<target>:<name>": two schedules of one name would overwrite each other.
  @com.fasterxml.jackson.annotation.JsonIgnore
  @ValidationMethod(message = "schedules must have distinct names")
  public boolean isScheduleNamesDistinct() {
    HashSet<String> names = new HashSet<>();
    return schedules.stream().allMatch(s -> s.getName() == null || names.add(s.getName()));
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  @ValidationMethod(message = "has a tenant-backup schedule, but only a target of kind postgres has schemas to back up")
  public boolean isTenantBackupOnATargetWithSchemas() {
    return hasTenantSchemas()
        || schedules.stream().noneMatch(s -> s.getAction() == ScheduleConfig.Action.TENANT_BACKUP);
  }
}
