package io.lifeboat.activities.postgres;

import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * A backup of several databases seen as what it is: one backup of one database per database, side
 * by side under one manifest. Each part is shown to the rest of the code as the signed manifest of
 * a backup of that one database (its objects, row counts, globals and recovery point), so restoring,
 * comparing and test-restoring it is what they are for a backup of one database.
 */
final class DatabaseParts {
  private static final String FOLDER = "databases/";

  private DatabaseParts() {}

  /** Where a database's objects lie in the backup folder: its name, with what S3 keys and shells trip on escaped. */
  static String folder(String database) {
    StringBuilder folder = new StringBuilder(FOLDER);
    for (byte b : database.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
        folder.append(c);
      } else {
        folder.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return folder.append('/').toString();
  }

  static boolean several(Manifest manifest) {
    return manifest.databases() != null;
  }

  /**
   * The databases of {@code backup} a restore to {@code place} means: all of them when it names
   * none, else the one it names — refused, listing what the backup holds, when it holds no such one.
   * A backup of one database is its only part.
   */
  static List<SignedManifest> select(SignedManifest backup, String place) {
    Manifest manifest = backup.manifest();
    if (!several(manifest)) {
      return List.of(backup);
    }
    if (place == null || place.isBlank()) {
      return manifest.databases().stream().map(d -> part(backup, d)).toList();
    }
    return manifest.databases().stream().filter(d -> d.name().equals(place)).map(d -> part(backup, d))
        .findFirst().map(List::of).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure("backup "
            + manifest.backupId() + " holds no database " + place + "; it holds " + String.join(", ", names(manifest))
            + " — name one of those (it is restored into the database of the same name), or none to restore all"
            + " of them", FailureTypes.BAD_REQUEST));
  }

  static List<String> names(Manifest manifest) {
    return manifest.databases().stream().map(Manifest.DatabaseDump::name).toList();
  }

  /** One database of a backup of several, as the signed manifest of a backup of just that database. */
  static SignedManifest part(SignedManifest backup, Manifest.DatabaseDump database) {
    Manifest all = backup.manifest();
    Set<String> names = database.globals() == null ? Set.of(database.dump())
        : Set.of(database.dump(), database.globals().object(), database.globals().script());
    // the dump first, as in a backup of one database
    List<Manifest.StoredObject> objects = all.objects().stream().filter(o -> names.contains(o.name()))
        .sorted((a, b) -> Boolean.compare(!a.name().equals(database.dump()), !b.name().equals(database.dump())))
        .toList();
    Manifest one = new Manifest(all.formatVersion(), all.backupId(), all.target(), all.kind(), database.name(),
        all.createdAt(), database.recoveryPoint(), all.tools(),
        objects.stream().mapToLong(Manifest.StoredObject::rawBytes).sum(),
        objects.stream().mapToLong(Manifest.StoredObject::storedBytes).sum(), objects, all.encryption(),
        all.parentBackupId(), all.workflow(), database.rowCounts(), null, null, database.sourceBytes(),
        database.globals());
    return new SignedManifest(one, backup.key(), backup.sha256(), backup.location());
  }
}
