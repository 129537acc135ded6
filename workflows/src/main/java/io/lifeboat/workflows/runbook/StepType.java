package io.lifeboat.workflows.runbook;

import java.util.Arrays;
import java.util.Optional;

/** The step types a runbook can use, by the name written in YAML. */
public enum StepType {
  STOP_SERVICES("stop-services"),
  START_SERVICES("start-services"),
  SAFETY_BACKUP("safety-backup"),
  FETCH("fetch"),
  CHECKSUM("checksum"),
  RESTORE("restore"),
  MIGRATE("migrate"),
  HEALTH_CHECK("health-check"),
  REDIRECT_TRAFFIC("redirect-traffic"),
  APPROVE("approve"),
  WAIT("wait"),
  NOTIFY("notify");

  private final String yamlName;

  StepType(String yamlName) {
    this.yamlName = yamlName;
  }

  public String yamlName() {
    return yamlName;
  }

  public static Optional<StepType> fromYamlName(String name) {
    return Arrays.stream(values()).filter(t -> t.yamlName.equals(name)).findFirst();
  }
}
