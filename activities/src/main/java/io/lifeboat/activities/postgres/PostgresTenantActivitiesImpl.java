package io.lifeboat.activities.postgres;

import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.tenants.PostgresTenantActivities;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Which tenants (schemas of a target's own database) there are. */
public class PostgresTenantActivitiesImpl implements PostgresTenantActivities {
  private final PostgresTargets targets;

  public PostgresTenantActivitiesImpl(PostgresTargets targets) {
    this.targets = targets;
  }

  @Override
  public List<String> matchingSchemas(String target, String pattern) {
    PostgresTarget declared = targets.get(target);
    try (Connection db = declared.server().connect(declared.tenantDatabase())) {
      List<String> schemas = Schemas.matching(db, Schemas.likePattern(pattern));
      if (schemas.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("no schema of database " + declared.database()
            + " of target " + target + " matches '" + pattern + "'; its schemas: " + String.join(", ", Schemas.all(db))
            + " — use * for any characters, e.g. 'tenant_*'", FailureTypes.UNKNOWN_SCHEMA);
      }
      return schemas;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the schemas of " + declared.database() + ": " + e.getMessage(), e);
    }
  }
}
