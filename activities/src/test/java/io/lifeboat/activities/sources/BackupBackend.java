package io.lifeboat.activities.sources;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.sources.SourceBackupResult;
import java.util.List;
import javax.sql.DataSource;

/**
 * What a source backs up to and restores from, for tests: a bucket on S3Proxy, Alice's OpenPGP
 * keys, and a catalog in a fresh database of the embedded PostgreSQL.
 */
public record BackupBackend(ObjectStore store, BackupStore backups, Catalog catalog, StoredBackups stored,
    ArtifactWriter writer, Manifest.Encryption encryption) implements AutoCloseable {

  public static BackupBackend on(S3ProxyFixture s3) {
    ObjectStore store = s3.store("backups", "lifeboat", ObjectStore.MIN_PART_SIZE, 3);
    BackupStore backups = new BackupStore(store, new ManifestSigner(TestKeys.alice().secretKeys()));
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    Catalog catalog = new Catalog(dataSource);
    return new BackupBackend(store, backups, catalog,
        new StoredBackups(catalog, backups, new ArtifactReader(store, List.of(TestKeys.alice().secretKeys()))),
        new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1),
        new Manifest.Encryption("openpgp", List.of(TestKeys.alice().fingerprint()), TestKeys.alice().fingerprint()));
  }

  /** Indexes a stored backup in the catalog, as the backup workflow does once it is stored. */
  public void index(SourceBackupResult backup) {
    SignedManifest signed = backups.readManifest(backup.manifestKey());
    catalog.recordBackup(signed.manifest(), signed.key(), signed.sha256());
  }

  @Override
  public void close() {
    store.close();
  }
}
