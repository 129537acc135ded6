package io.lifeboat.worker;

import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.cluster.ClusterSource;
import io.lifeboat.activities.drill.ScratchEnvironments;
import io.lifeboat.activities.config.ConfigSetSource;
import io.lifeboat.activities.files.FileSetSource;
import io.lifeboat.activities.kubernetes.KubernetesSource;
import io.lifeboat.activities.postgres.PgDump;
import io.lifeboat.activities.postgres.PostgresDatabaseSource;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.activities.postgres.PostgresVerification;
import io.lifeboat.activities.postgres.PostgresTargets;
import io.lifeboat.activities.postgres.TenantSchemaSource;
import io.lifeboat.activities.redis.RedisSource;
import io.lifeboat.activities.etcd.EtcdSource;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.Source;
import io.lifeboat.activities.sources.SourceRegistry;
import io.lifeboat.activities.wal.WalArchives;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.DestinationConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.config.VerificationConfig;
import io.lifeboat.manifest.Manifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every kind of source this worker backs up and restores: one line each. */
final class Sources {
  private Sources() {}

  static SourceRegistry registry(Map<String, TargetConfig> configured,
      Map<String, DestinationConfig> declaredDestinations, Catalog catalog, BackupStore backups,
      StoredBackups stored, ArtifactWriter writer, WalArchives walArchives, Manifest.Encryption encryption,
      Map<String, String> tools, VerificationConfig verification, ScratchEnvironments scratch) {
    PostgresTargets postgres = Targets.postgres(configured);
    Destinations destinations = Targets.destinations(declaredDestinations, scratch);
    PostgresDatabaseSource databases = new PostgresDatabaseSource(postgres, catalog, stored,
        new PgDump(postgres, backups, writer, encryption, tools), destinations, postgresVerification(verification));
    List<Source> sources = List.of(
        databases,
        new TenantSchemaSource(postgres, catalog, stored, new PgDump(postgres, backups, writer, encryption, tools),
            databases),
        new ClusterSource(Targets.clusters(configured), catalog, backups, stored, writer, walArchives, encryption,
            tools),
        new RedisSource(Targets.redis(configured), catalog, backups, stored, writer, encryption, tools,
            destinations),
        new FileSetSource(Targets.files(configured), catalog, backups, stored, writer, encryption, tools,
            destinations),
        new ConfigSetSource(Targets.files(configured), Targets.configValidators(configured), catalog, backups,
            stored, writer, encryption, tools, destinations),
        new EtcdSource(Targets.etcd(configured), catalog, backups, stored, writer, encryption, tools),
        new KubernetesSource(Targets.kubernetes(configured), catalog, backups, stored, writer, encryption, tools,
            destinations));
    Map<String, String> kinds = new TreeMap<>();
    configured.forEach((name, target) -> kinds.put(name, target.kind()));
    return new SourceRegistry(kinds, catalog, sources);
  }

  /** Where PostgreSQL test restores run: the configured scratch server, else a private cluster. */
  static PostgresVerification postgresVerification(VerificationConfig config) {
    VerificationConfig.ScratchServer scratch = config.getScratchServer();
    return new PostgresVerification(scratch == null ? null
        : new PostgresServer(scratch.getHost(), scratch.getPort(), scratch.getUser(), scratch.getPassword(), null),
        Path.of(config.getPostgresBinaries()), config.getOsUser());
  }
}
