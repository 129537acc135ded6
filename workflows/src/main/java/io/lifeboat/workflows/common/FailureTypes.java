package io.lifeboat.workflows.common;

/**
 * Types of non-retryable application failures. Activities throw them for permanent problems
 * (bad input, corrupted data, wrong key); retry policies list them so they fail fast.
 */
public final class FailureTypes {
  public static final String UNKNOWN_TARGET = "UnknownTarget";
  public static final String BACKUP_NOT_FOUND = "BackupNotFound";
  public static final String INTEGRITY = "IntegrityFailure";
  public static final String WRONG_KEY = "WrongKey";
  public static final String BAD_SIGNATURE = "BadSignature";
  public static final String DESTINATION_NOT_EMPTY = "DestinationNotEmpty";
  /** Another run changes the target (a backup, a restore); the run refused to overlap it. */
  public static final String TARGET_BUSY = "TargetBusy";
  public static final String DATABASE_UNREACHABLE = "DatabaseUnreachable";
  public static final String VERIFICATION_MISMATCH = "VerificationMismatch";
  public static final String TOOL_FAILED = "ToolFailed";
  public static final String BAD_REQUEST = "BadRequest";
  /** A configuration backup holds a file that does not parse (or fails its validation command). */
  public static final String INVALID_CONFIGURATION = "InvalidConfiguration";
  /**
   * Retryable: the primary bucket's copy of a backup is corrupt or incomplete and an intact
   * off-site copy exists, which the next attempt reads.
   */
  public static final String PRIMARY_DAMAGED = "PrimaryDamaged";

  /** A backup's before hook failed (no backup was taken), or its after hook did. */
  public static final String HOOK_FAILED = "HookFailed";

  /** A schema (tenant) named in a request does not exist, or a pattern matches none. */
  public static final String UNKNOWN_SCHEMA = "UnknownSchema";
  /** Sessions hold locks on a tenant's tables, so its schema cannot be swapped now. */
  public static final String SCHEMA_IN_USE = "SchemaInUse";
  /** Some backups of a fan-out failed; the failure's details list every tenant's outcome. */
  public static final String TENANT_BACKUPS_FAILED = "TenantBackupsFailed";

  /** A cluster's WAL archive misses segments between a base backup and the files after it. */
  public static final String WAL_GAP = "WalGap";
  /** A point-in-time recovery target the archive cannot reach (after its end, before the base backup). */
  public static final String TARGET_OUT_OF_RANGE = "TargetOutOfRange";

  /**
   * A restore asked not to create roles ({@code --roles skip}) found the destination without roles
   * the backup's data needs.
   */
  public static final String MISSING_ROLES = "MissingRoles";

  public static final String[] PERMANENT = {
    UNKNOWN_TARGET, BACKUP_NOT_FOUND, INTEGRITY, WRONG_KEY, BAD_SIGNATURE,
    DESTINATION_NOT_EMPTY, VERIFICATION_MISMATCH, BAD_REQUEST, INVALID_CONFIGURATION, UNKNOWN_SCHEMA, SCHEMA_IN_USE,
    WAL_GAP, TARGET_OUT_OF_RANGE, TARGET_BUSY, HOOK_FAILED, MISSING_ROLES
  };

  private FailureTypes() {}
}
