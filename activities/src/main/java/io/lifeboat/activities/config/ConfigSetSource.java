package io.lifeboat.activities.config;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.files.FileSetSource;
import io.lifeboat.activities.files.FileSetTargets;
import io.lifeboat.activities.files.RestoredTreeCheck.RestoredTree;
import io.lifeboat.activities.sources.Source;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.sources.Committed;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.workflows.sources.Comparison;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.DestinationState;
import io.lifeboat.workflows.sources.IntegrityReport;
import io.lifeboat.workflows.sources.ResolvedBackup;
import io.lifeboat.workflows.sources.SourceBackupRequest;
import io.lifeboat.workflows.sources.SourceBackupResult;
import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.workflows.sources.Staged;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.workflows.sources.TestRestoreReport;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A configuration tree as a {@link Source}: a file set (secrets left out when it is backed up)
 * whose restored files are validated ({@link ConfigFileValidator}) before anything is swapped in —
 * an invalid file fails the restore non-retryable, naming each file and line, with the
 * destination untouched — and before a test restore is reported good.
 */
public final class ConfigSetSource implements Source {
  private final Map<String, ConfigFileValidator> validators;
  private final FileSetSource files;

  /** @param validators by target name; a target without one is validated by file type only */
  public ConfigSetSource(FileSetTargets targets, Map<String, ConfigFileValidator> validators, Catalog catalog,
      BackupStore backups, StoredBackups stored, ArtifactWriter writer, Manifest.Encryption encryption,
      Map<String, String> toolVersions) {
    this(targets, validators, catalog, backups, stored, writer, encryption, toolVersions, Destinations.NONE);
  }

  /** @param destinations the directories ({@code kind: config}) a restore may go to besides the original paths */
  public ConfigSetSource(FileSetTargets targets, Map<String, ConfigFileValidator> validators, Catalog catalog,
      BackupStore backups, StoredBackups stored, ArtifactWriter writer, Manifest.Encryption encryption,
      Map<String, String> toolVersions, Destinations destinations) {
    this.validators = new TreeMap<>(validators);
    this.files = new FileSetSource(SourceKinds.CONFIG, this::validate, targets, catalog, backups, stored, writer,
        encryption, toolVersions, destinations);
  }

  private String validate(String backupId, String target, List<RestoredTree> trees) {
    ConfigFileValidator validator = validators.getOrDefault(target, new ConfigFileValidator(List.of()));
    return ConfigTreeValidation.of(validator, trees)
        .requireValid("configuration backup " + backupId + " of " + target,
            "nothing was swapped in; restore another backup, or fix the files and back up again")
        .summary();
  }

  @Override
  public String targetKind() {
    return files.targetKind();
  }

  @Override
  public Set<String> backupKinds() {
    return files.backupKinds();
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    return files.backup(request);
  }

  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    return files.resolve(source, selector);
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    return files.checkIntegrity(backupId);
  }

  @Override
  public DestinationState inspect(Destination destination) {
    return files.inspect(destination);
  }

  /** Stages the backup and validates every file there; an invalid one removes the staged copy and fails. */
  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    return files.restoreStaged(backupId, destination, runToken);
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    return files.compare(backupId, destination, staged);
  }

  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    return files.commit(backupId, destination, staged, runToken);
  }

  @Override
  public void rollback(Destination destination, Committed committed) {
    files.rollback(destination, committed);
  }

  @Override
  public void discardStaged(Destination destination, String runToken) {
    files.discardStaged(destination, runToken);
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    files.dropReplaced(destination, committed);
  }

  /** A test restore whose files are validated too; an invalid one fails it, naming each file and line. */
  @Override
  public TestRestoreReport testRestore(String backupId) {
    return files.testRestore(backupId);
  }
}
