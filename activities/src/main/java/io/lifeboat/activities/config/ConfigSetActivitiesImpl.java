package io.lifeboat.activities.config;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.files.DirectoryTrees;
import io.lifeboat.activities.files.FileSetRestore;
import io.lifeboat.activities.files.FileSetTarget;
import io.lifeboat.activities.files.FileSetTargets;
import io.lifeboat.activities.files.RestoredTreeCheck.RestoredTree;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.config.ConfigSetActivities;
import io.lifeboat.workflows.files.FileSetActivities.FilesRestoreReport;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Validation of configuration backups: the backup is restored (with the file-set restore, every
 * SHA-256 checked) into a scratch directory, each file there is validated, the scratch directory
 * is removed. The destination of the real restore is never touched here.
 */
public class ConfigSetActivitiesImpl implements ConfigSetActivities {
  private static final String SCRATCH_PREFIX = "lifeboat-validate-";

  private final FileSetTargets targets;
  private final Map<String, ConfigFileValidator> validators;
  private final StoredBackups stored;
  private final FileSetRestore restore;

  /** @param validators by target name; a target without one is validated by file type only */
  public ConfigSetActivitiesImpl(FileSetTargets targets, Map<String, ConfigFileValidator> validators,
      BackupStore backups, StoredBackups stored) {
    this.targets = targets;
    this.validators = new TreeMap<>(validators);
    this.stored = stored;
    this.restore = new FileSetRestore(backups, stored);
  }

  @Override
  public ConfigValidationReport validateConfig(String backupId) {
    SignedManifest signed = stored.manifest(backupId);
    if (!SourceKinds.CONFIG.equals(signed.manifest().kind())) {
      throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " is a " + signed.manifest().kind()
          + " backup, not a configuration backup", FailureTypes.BAD_REQUEST);
    }
    String target = signed.manifest().target();
    Optional<FileSetTarget> declared = targets.find(target);
    Path root = declared.map(FileSetTarget::scratchDirectory).orElse(Path.of(System.getProperty("java.io.tmpdir")))
        .toAbsolutePath().normalize();
    Path scratch = root.resolve(SCRATCH_PREFIX + backupId);
    ConfigFileValidator validator = validators.getOrDefault(target, new ConfigFileValidator(List.of()));
    DirectoryTrees.delete(scratch);
    try (Heartbeat heartbeat = Heartbeat.start("validate-config")) {
      FilesRestoreReport restored = restore.run(signed, null, scratch, heartbeat::set);
      if (!restored.mismatches().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " differs from its index: "
            + String.join("; ", restored.mismatches()), FailureTypes.INTEGRITY);
      }
      // named as they were backed up when there is one path, else relative to the scratch directory
      List<Path> single = declared.map(FileSetTarget::paths).filter(p -> p.size() == 1).orElse(List.of());
      ConfigTreeValidation validation = ConfigTreeValidation.of(validator,
          List.of(new RestoredTree(scratch, single.isEmpty() ? Path.of("") : single.get(0))))
          .requireValid("configuration backup " + backupId + " of " + target, "nothing was restored");
      return new ConfigValidationReport(validation.files(), validation.validated(), validation.unchecked(),
          restored.warnings());
    } finally {
      DirectoryTrees.delete(scratch);
    }
  }
}
