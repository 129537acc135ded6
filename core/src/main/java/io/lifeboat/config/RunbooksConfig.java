package io.lifeboat.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the operator's runbooks are, and which alerts start which runbook. A runbook is looked up
 * in {@code folder} first ({@code NAME.yaml}), then among the runbooks shipped with Lifeboat.
 */
public class RunbooksConfig {
  @NotNull @JsonProperty private Path folder = Path.of("runbooks");

  /** Alertmanager alerts to runbooks: the first route whose labels match a firing alert wins. */
  @Valid @NotNull @JsonProperty private List<@NotNull AlertRouteConfig> alerts = new ArrayList<>();

  /**
   * The worker's environment variables a runbook step may name as {@code password_env}; none by
   * default, so no runbook can read the worker's own secrets (the decryption key, S3 credentials).
   */
  @NotNull @JsonProperty private List<@NotNull String> passwordVariables = new ArrayList<>();

  public Path getFolder() {
    return folder;
  }

  public void setFolder(Path folder) {
    this.folder = folder;
  }

  public List<AlertRouteConfig> getAlerts() {
    return alerts;
  }

  public void setAlerts(List<AlertRouteConfig> alerts) {
    this.alerts = alerts;
  }

  public List<String> getPasswordVariables() {
    return passwordVariables;
  }

  public void setPasswordVariables(List<String> passwordVariables) {
    this.passwordVariables = passwordVariables;
  }
}
