package io.lifeboat.activities.runbook;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.runbook.PasswordVariables;
import io.temporal.failure.ApplicationFailure;
import java.util.Properties;

/**
 * JDBC connection properties for a runbook step. The password comes from the worker's
 * environment, named by the runbook, so no secret is written in a runbook or in workflow history;
 * only a variable listed in {@code runbooks.passwordVariables} is read, so no runbook or run
 * parameter can send the worker's other secrets (the decryption key, S3 credentials) to a host.
 */
public final class DatabaseCredentials {
  private final PasswordVariables variables;

  public DatabaseCredentials(PasswordVariables variables) {
    this.variables = variables;
  }

  /** No variable may be read: a step naming {@code password_env} is refused. */
  public static DatabaseCredentials none() {
    return new DatabaseCredentials(PasswordVariables.none());
  }

  public Properties of(String user, String passwordEnv) {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (passwordEnv != null) {
      variables.refusal(passwordEnv).ifPresent(refusal -> {
        throw ApplicationFailure.newNonRetryableFailure(refusal.line(), FailureTypes.BAD_REQUEST);
      });
      String password = System.getenv(passwordEnv);
      if (password == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the worker has no environment variable " + passwordEnv + " (password_env); set it in the worker's"
                + " environment or name another", FailureTypes.BAD_REQUEST);
      }
      properties.setProperty("password", password);
    }
    return properties;
  }
}
