package io.lifeboat.workflows.runbook;

import io.temporal.activity.ActivityInterface;

/** Runs migrations after a restore. Idempotent: files already applied to the database are skipped. */
@ActivityInterface
public interface MigrationActivities {
  /** Returns what was applied and what was already there, for the step's detail. */
  String migrate(Migration migration);
}
