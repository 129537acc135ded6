package io.lifeboat.activities.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.TestKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.S3ProxyFixture;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.sources.SourceKinds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code kind: config} file set against real files, S3Proxy and OpenPGP keys: includes keep only
 * configuration files, secrets are neither in the index nor in any pack, and a second snapshot
 * reports what was added, removed and modified.
 */
class ConfigSetBackupTest {
  @RegisterExtension static final S3ProxyFixture s3 = new S3ProxyFixture();

  private static final String SECRET = "s3cr3t-value-that-must-never-be-stored";

  private static ObjectStore store;
  private static BackupStore backups;
  private static StoredBackups stored;
  private static FileSetBackup backup;
  private static FileSetRestore restore;

  @BeforeAll
  static void open() {
    store = s3.store("backups", "lifeboat", ObjectStore.MIN_PART_SIZE, 3);
    backups = new BackupStore(store, new ManifestSigner(TestKeys.alice().secretKeys()));
    ArtifactWriter writer = new ArtifactWriter(store, TestKeys.alice().publicKeys(), 1);
    stored = new StoredBackups(null, backups, new ArtifactReader(store, List.of(TestKeys.alice().secretKeys())));
    Manifest.Encryption encryption = new Manifest.Encryption("openpgp", List.of(TestKeys.alice().fingerprint()),
        TestKeys.alice().fingerprint());
    backup = new FileSetBackup(backups, stored, writer, encryption, Map.of("lifeboat", "test"));
    restore = new FileSetRestore(backups, stored);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  private static FileSetTarget target(Path root) {
    List<String> excludes = new ArrayList<>(List.of("*.bak"));
    excludes.addAll(io.lifeboat.config.ConfigTargetConfig.DEFAULT_SECRETS);
    return new FileSetTarget("app-config", List.of(root), excludes, root.getParent(), Duration.ofHours(1),
        Duration.ofHours(1), SourceKinds.CONFIG, List.of("*.yaml", "*.json", "*.properties", ".env*", "conf.d/*"));
  }

  private static void tree(Path root) throws Exception {
    Files.createDirectories(root.resolve("conf.d"));
    Files.createDirectories(root.resolve("tls"));
    Files.writeString(root.resolve("app.yaml"), "server:\n  port: 8080\n");
    Files.writeString(root.resolve("feature.json"), "{\"beta\": true}\n");
    Files.writeString(root.resolve("app.properties"), "greeting=hello\n");
    Files.writeString(root.resolve(".env"), "MODE=staging\n");
    Files.writeString(root.resolve("conf.d/extra"), "anything\n");
    Files.writeString(root.resolve("old.yaml.bak"), "excluded\n");
    Files.writeString(root.resolve("README.txt"), "not included\n");
    Files.writeString(root.resolve("tls/server.key"), SECRET);
    Files.writeString(root.resolve("db-secret.yaml"), "password: " + SECRET + "\n");
    Files.writeString(root.resolve(".env.production"), "TOKEN=" + SECRET + "\n");
  }

  private static List<String> indexedPaths(SignedManifest signed) {
    List<String> paths = new ArrayList<>();
    Manifest.StoredObject index = signed.manifest().objects().stream()
        .filter(o -> o.name().equals(FileIndex.OBJECT)).findFirst().orElseThrow();
    stored.read(signed, index, FileIndex.reader(h -> {}, e -> paths.add(e.path())), b -> {});
    return paths;
  }

  @Test
  void secretsAreNeverStoredAndOnlyIncludedFilesAre(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("etc-app");
    tree(source);

    FileSetBackup.Outcome first = backup.run(target(source), "20260101T000000Z-cfg001", null,
        new Manifest.WorkflowRun("backup:app-config", "run"), b -> {});
    SignedManifest signed = backups.readManifest(first.manifestKey());

    assertThat(signed.manifest().kind()).isEqualTo(SourceKinds.CONFIG);
    assertThat(first.manifestKey()).contains("/" + SourceKinds.CONFIG + "/");
    assertThat(first.changes().isEmpty()).as("nothing to compare a first snapshot with").isTrue();
    List<String> indexed = indexedPaths(signed);
    assertThat(indexed).contains(source.resolve("app.yaml").toString(), source.resolve(".env").toString(),
        source.resolve("conf.d/extra").toString());
    assertThat(indexed).noneMatch(p -> p.contains("secret") || p.endsWith(".key") || p.endsWith(".env.production")
        || p.endsWith(".bak") || p.endsWith("README.txt"));
    // and no pack holds a secret's bytes
    for (Manifest.StoredObject object : signed.manifest().objects()) {
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      stored.read(signed, object, plain, b -> {});
      assertThat(plain.toString(StandardCharsets.ISO_8859_1)).as(object.name()).doesNotContain(SECRET);
    }

    Path restored = dir.resolve("restored");
    FilesRestoreReport report = restore.run(signed, null, restored, b -> {});
    assertThat(report.mismatches()).isEmpty();
    assertThat(report.files()).isEqualTo(5);
    assertThat(restored.resolve("app.yaml")).hasSameTextualContentAs(source.resolve("app.yaml"));
    assertThat(restored.resolve("tls/server.key")).doesNotExist();
    assertThat(restored.resolve("db-secret.yaml")).doesNotExist();
    assertThat(restored.resolve(".env.production")).doesNotExist();
  }

  @Test
  void aSecondSnapshotReportsAddedRemovedAndModifiedFiles(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("etc-app");
    tree(source);
    FileSetTarget target = target(source);
    FileSetBackup.Outcome first = backup.run(target, "20260101T000000Z-cfg002", null,
        new Manifest.WorkflowRun("backup:app-config", "run"), b -> {});

    Files.writeString(source.resolve("app.yaml"), "server:\n  port: 9090\n");
    Files.writeString(source.resolve("new.json"), "[]\n");
    Files.delete(source.resolve("app.properties"));
    Files.setLastModifiedTime(source.resolve("feature.json"), java.nio.file.attribute.FileTime.fromMillis(1000));
    Files.writeString(source.resolve("tls/server.key"), SECRET + "-rotated");

    SignedManifest parent = backups.readManifest(first.manifestKey());
    FileSetBackup.Outcome second = backup.run(target, "20260101T010000Z-cfg002", parent,
        new Manifest.WorkflowRun("backup:app-config", "run"), b -> {});

    assertThat(second.changes().modified()).as("touched but equal content is no modification")
        .containsExactly(source.resolve("app.yaml").toString());
    assertThat(second.changes().added()).containsExactly(source.resolve("new.json").toString());
    assertThat(second.changes().removed()).containsExactly(source.resolve("app.properties").toString());
    assertThat(second.changes().lines()).startsWith("modified " + source.resolve("app.yaml"));
    assertThat(second.manifest().rowCounts()).containsEntry("modifiedFiles", 1L).containsEntry("addedFiles", 1L)
        .containsEntry("removedFiles", 1L);
    // the same answer again from the two stored indexes (what a retried activity reports)
    assertThat(backup.changes(backups.readManifest(second.manifestKey()), parent)).isEqualTo(second.changes());
  }
}
