package io.lifeboat.activities.config;

import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.files.FileSetActivitiesImpl;
import io.lifeboat.activities.files.FileSetRestore;
import io.lifeboat.activities.files.FileSetTarget;
import io.lifeboat.activities.files.FileSetTargets;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.config.ConfigSetActivities;
import io.lifeboat.workflows.files.FileSetActivities.FilesRestoreReport;
import io.lifeboat.workflows.sources.SourceKinds;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validation of configuration backups: the backup is restored (with the file-set restore, every
 * SHA-256 checked) into a scratch directory, each file there is validated, the scratch directory
 * is removed. The destination of the real restore is never touched here.
 */
public class ConfigSetActivitiesImpl implements ConfigSetActivities {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigSetActivitiesImpl.class);
  private static final String SCRATCH_PREFIX = "lifeboat-validate-";
  private static final int MAX_PROBLEMS = 20;

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
    FileSetActivitiesImpl.deleteTree(scratch);
    try (Heartbeat heartbeat = Heartbeat.start("validate-config")) {
      FilesRestoreReport restored = restore.run(signed, null, scratch, heartbeat::set);
      if (!restored.mismatches().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure("backup " + backupId + " differs from its index: "
            + String.join("; ", restored.mismatches()), FailureTypes.INTEGRITY);
      }
      List<Path> single = declared.map(FileSetTarget::paths).filter(p -> p.size() == 1).orElse(List.of());
      Map<String, Integer> validated = new TreeMap<>();
      List<String> problems = new ArrayList<>();
      int files = 0;
      int unchecked = 0;
      for (Path file : regularFiles(scratch)) {
        files++;
        Path relative = scratch.relativize(file);
        ConfigFileValidator.Outcome outcome = validator.validate(file, relative);
        if (outcome.check() == null) {
          unchecked++;
          continue;
        }
        if (outcome.problem().isEmpty()) {
          validated.merge(outcome.check(), 1, Integer::sum);
          continue;
        }
        ConfigFileValidator.Problem problem = outcome.problem().get();
        String name = single.isEmpty() ? relative.toString() : single.get(0).resolve(relative).toString();
        problems.add(name + (problem.line() > 0 ? " line " + problem.line() : "") + ": " + problem.message());
      }
      if (!problems.isEmpty()) {
        // names, lines and what is wrong only: never the content
        problems.forEach(p -> LOG.warn("configuration backup {} of {}: {}", backupId, target, p));
        int shown = Math.min(problems.size(), MAX_PROBLEMS);
        throw ApplicationFailure.newNonRetryableFailure("configuration backup " + backupId + " of " + target
            + " holds " + problems.size() + " invalid file" + (problems.size() == 1 ? "" : "s")
            + "; nothing was restored: " + String.join("; ", problems.subList(0, shown))
            + (shown < problems.size() ? "; ..." : ""), FailureTypes.INVALID_CONFIGURATION);
      }
      return new ConfigValidationReport(files, validated, unchecked, restored.warnings());
    } finally {
      FileSetActivitiesImpl.deleteTree(scratch);
    }
  }

  private static List<Path> regularFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("could not list " + dir + ": " + e.getMessage(), e);
    }
  }
}
