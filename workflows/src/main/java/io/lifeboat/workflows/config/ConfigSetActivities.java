package io.lifeboat.workflows.config;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * What a configuration backup ({@code kind: config}) needs beyond a file set's activities, which
 * back it up, check it and restore it: validating every file of a backup before it is restored.
 */
@ActivityInterface
public interface ConfigSetActivities {
  /**
   * Restores {@code backupId} into a scratch directory and validates each file by its configured
   * command or its type (YAML, JSON, .properties, .env); fails with
   * {@link io.lifeboat.workflows.common.FailureTypes#INVALID_CONFIGURATION}, naming each invalid
   * file and line, when any is invalid. Writes nothing outside the scratch directory, which it removes.
   */
  ConfigValidationReport validateConfig(String backupId);

  /**
   * @param validated files that passed a check, by check ("yaml", "json", "properties", "env", "command")
   * @param unchecked files of no known type and no configured command
   */
  record ConfigValidationReport(int files, java.util.Map<String, Integer> validated, int unchecked,
      List<String> warnings) {}
}
