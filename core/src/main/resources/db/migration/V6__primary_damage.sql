-- Automatic restore fallback (issue 5): a backup whose primary objects were found corrupt.
-- Set when a read of the primary bucket fails its SHA-256 or OpenPGP integrity check while an
-- intact off-site copy exists; from then on verifications and restores read that copy. Null: the
-- primary is trusted (a missing object or an unreachable bucket is found again on each read).
ALTER TABLE backups ADD COLUMN primary_damage text;
