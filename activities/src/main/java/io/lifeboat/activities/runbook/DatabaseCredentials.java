package io.lifeboat.activities.runbook;

import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.util.Properties;

/**
 * JDBC connection properties for a runbook step. The password comes from the worker's
 * environment, named by the runbook, so no secret is written in a runbook or in workflow history.
 */
public final class DatabaseCredentials {
  private DatabaseCredentials() {}

  public static Properties of(String user, String passwordEnv) {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (passwordEnv != null) {
      String password = System.getenv(passwordEnv);
      if (password == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the worker has no environment variable " + passwordEnv + " (password_env)", FailureTypes.BAD_REQUEST);
      }
      properties.setProperty("password", password);
    }
    return properties;
  }
}
