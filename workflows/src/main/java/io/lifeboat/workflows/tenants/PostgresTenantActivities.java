package io.lifeboat.workflows.tenants;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Tenants as schemas of a PostgreSQL target's own database: which there are. Each is backed up
 * and restored through the source contract ({@link io.lifeboat.workflows.sources.SourceActivities}).
 */
@ActivityInterface
public interface PostgresTenantActivities {
  /**
   * The schemas of the target's database whose names match a glob ({@code *} any characters,
   * {@code ?} one), sorted; Lifeboat's own staging and retired schemas are never listed. Fails
   * (non-retryable) when none matches, naming the schemas there are.
   */
  List<String> matchingSchemas(String target, String pattern);
}
