-- Tenant backups (issue 4): a pg_dump of one schema of a PostgreSQL target. The schema comes
-- from the manifest, so `catalog rebuild` restores it; null for backups of a whole source.
ALTER TABLE backups ADD COLUMN schema_name text;

-- "A tenant's latest backup (before a time)", the question every tenant restore starts with.
CREATE INDEX backups_target_schema_recovery_point ON backups (target, schema_name, recovery_point DESC)
    WHERE schema_name IS NOT NULL;
