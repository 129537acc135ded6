package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one YAML file of a Lifeboat installation. The API and the worker read it through
 * Dropwizard's bootstrap, the CLI through {@link LifeboatConfigLoader}; both substitute
 * {@code ${VAR}} and {@code ${VAR:-default}} from the environment.
 */
public class LifeboatConfiguration extends Configuration {
  @Valid @NotNull @JsonProperty private TemporalConfig temporal = new TemporalConfig();

  @Valid @NotNull @JsonProperty private StorageConfig storage;

  @Valid @NotNull @JsonProperty private EncryptionConfig encryption;

  @Valid @NotNull @JsonProperty private DataSourceFactory catalog;

  /** By name, in the order of the file. */
  @Valid
  @NotNull
  @JsonProperty
  private Map<
          @Pattern(
              regexp = TargetConfig.NAME_PATTERN,
              message =
                  "is not a valid target name: use lowercase letters, digits, '_' and '-',"
                      + " starting with a letter or digit (the name becomes a storage path"
                      + " segment and a workflow id)")
          String,
          @NotNull TargetConfig>
      targets = new LinkedHashMap<>();

  /**
   * Optional: where restores can go besides each target's own server or paths (a standby, another
   * region), by the name a restore's {@code to} gives.
   */
  @Valid
  @NotNull
  @JsonProperty
  private Map<
          @Pattern(
              regexp = DestinationConfig.NAME_PATTERN,
              message =
                  "is not a valid destination name: use letters, digits, '_', '.' and '-', starting with a"
                      + " letter or digit, at most 63 characters")
          String,
          @NotNull DestinationConfig>
      destinations = new LinkedHashMap<>();

  /** Optional: defaults to {@code ./runbooks}, then the shipped runbooks, and no alert routes. */
  @Valid @NotNull @JsonProperty private RunbooksConfig runbooks = new RunbooksConfig();

  /** Optional: without tokens the API serves anyone and must listen on loopback only (embedded, development). */
  @Valid @NotNull @JsonProperty private AuthConfig auth = new AuthConfig();

  /** Optional: test restores in a private cluster of the machine's PostgreSQL binaries. */
  @Valid @NotNull @JsonProperty private VerificationConfig verification = new VerificationConfig();

  /** Optional: drills, and their schedules when enabled. */
  @Valid @NotNull @JsonProperty private DrillsConfig drills = new DrillsConfig();

  /** Optional: a separate worker process's own /metrics listener. */
  @Valid @NotNull @JsonProperty private WorkerConfig worker = new WorkerConfig();

  public WorkerConfig getWorker() {
    return worker;
  }

  public void setWorker(WorkerConfig worker) {
    this.worker = worker;
  }

  /** Optional: the stores that {@code vault:}, {@code aws-secretsmanager:} and {@code aws-kms:} references read. */
  @Valid @NotNull @JsonProperty private SecretStoresConfig secretStores = new SecretStoresConfig();

  public SecretStoresConfig getSecretStores() {
    return secretStores;
  }

  public void setSecretStores(SecretStoresConfig secretStores) {
    this.secretStores = secretStores;
  }

  /** Optional: Lifeboat's own notifications (failed runs, anomalies) and where they go. */
  @Valid @NotNull @JsonProperty private NotificationsConfig notifications = new NotificationsConfig();

  public NotificationsConfig getNotifications() {
    return notifications;
  }

  public void setNotifications(NotificationsConfig notifications) {
    this.notifications = notifications;
  }

  // A misspelled target would leave that target's events unrouted.
  @JsonIgnore
  @ValidationMethod(message = "notifications.routes[].targets names a target not declared under 'targets:'")
  public boolean isNotificationTargetsDeclared() {
    return notifications == null || notifications.getRoutes().stream()
        .allMatch(r -> r == null || r.getTargets() == null || targets.keySet().containsAll(r.getTargets()));
  }

  public DrillsConfig getDrills() {
    return drills;
  }

  public void setDrills(DrillsConfig drills) {
    this.drills = drills;
  }

  public VerificationConfig getVerification() {
    return verification;
  }

  public void setVerification(VerificationConfig verification) {
    this.verification = verification;
  }

  public RunbooksConfig getRunbooks() {
    return runbooks;
  }

  public void setRunbooks(RunbooksConfig runbooks) {
    this.runbooks = runbooks;
  }

  public AuthConfig getAuth() {
    return auth;
  }

  public void setAuth(AuthConfig auth) {
    this.auth = auth;
  }

  // A misspelled target would silently leave that target without its off-site copy.
  @JsonIgnore
  @ValidationMethod(message = "storage.copies[].targets names a target not declared under 'targets:'")
  public boolean isCopyTargetsDeclared() {
    return storage == null || storage.getCopies().stream()
        .allMatch(c -> c == null || targets.keySet().containsAll(c.getTargets()));
  }

  // A misspelled target would leave a token able to change nothing, or hide a typo meant as a limit.
  @JsonIgnore
  @ValidationMethod(message = "auth.tokens[].targets names a target not declared under 'targets:'")
  public boolean isTokenTargetsDeclared() {
    return auth == null || auth.getTokens().stream()
        .allMatch(t -> t == null || t.getTargets() == null || targets.keySet().containsAll(t.getTargets()));
  }

  public TemporalConfig getTemporal() {
    return temporal;
  }

  public void setTemporal(TemporalConfig temporal) {
    this.temporal = temporal;
  }

  public StorageConfig getStorage() {
    return storage;
  }

  public void setStorage(StorageConfig storage) {
    this.storage = storage;
  }

  public EncryptionConfig getEncryption() {
    return encryption;
  }

  public void setEncryption(EncryptionConfig encryption) {
    this.encryption = encryption;
  }

  public DataSourceFactory getCatalog() {
    return catalog;
  }

  public void setCatalog(DataSourceFactory catalog) {
    this.catalog = catalog;
  }

  public Map<String, DestinationConfig> getDestinations() {
    return destinations;
  }

  public void setDestinations(Map<String, DestinationConfig> destinations) {
    this.destinations = destinations == null ? new LinkedHashMap<>() : destinations;
  }

  public Map<String, TargetConfig> getTargets() {
    return targets;
  }

  public void setTargets(Map<String, TargetConfig> targets) {
    this.targets = targets;
  }
}
