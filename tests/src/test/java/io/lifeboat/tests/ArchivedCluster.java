package io.lifeboat.tests;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.crypto.ManifestSigner;
import io.lifeboat.activities.crypto.OpenPgpKeys;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.activities.wal.WalSignatures;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedPostgres15;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.lifeboat.worker.embedded.FreePorts;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A private PostgreSQL 15 cluster whose {@code archive_command} is the shipped
 * {@code deploy/lifeboat-wal} client, declared as a {@code kind: postgres-cluster} target of a
 * Lifeboat stack (Temporal test server, S3Proxy, catalog) with its worker, and so its WAL
 * receiver, in this JVM.
 */
final class ArchivedCluster implements AutoCloseable {
  static final String TARGET = "main";
  static final Path CLIENT = Path.of("..", "deploy", "lifeboat-wal").toAbsolutePath().normalize();

  final PrivateCluster cluster;
  final EmbeddedStack embedded;
  final LifeboatConfiguration config;
  final LifeboatWorker worker;
  final TemporalConnection temporal;
  final Catalog catalog;
  final ObjectStore objects;
  final WalArchive archive;
  final Path secretFile;
  final String receiverUrl;

  private ArchivedCluster(PrivateCluster cluster, EmbeddedStack embedded, LifeboatConfiguration config,
      LifeboatWorker worker, TemporalConnection temporal, Catalog catalog, ObjectStore objects, WalArchive archive,
      Path secretFile, String receiverUrl) {
    this.cluster = cluster;
    this.embedded = embedded;
    this.config = config;
    this.worker = worker;
    this.temporal = temporal;
    this.catalog = catalog;
    this.objects = objects;
    this.archive = archive;
    this.secretFile = secretFile;
    this.receiverUrl = receiverUrl;
  }

  /**
   * Creates and starts everything under {@code dir}.
   *
   * @param pushAhead how many ready files the receiver archives ahead (0: one at a time)
   */
  static ArchivedCluster start(Path dir, int pushAhead) throws Exception {
    return start(dir, pushAhead, config -> {});
  }

  /** As {@link #start(Path, int)}, with {@code adjust} changing the configuration before the worker starts. */
  static ArchivedCluster start(Path dir, int pushAhead, Consumer<LifeboatConfiguration> adjust) throws Exception {
    Path clusterDir = dir.resolve("cluster");
    Path secretFile = dir.resolve("wal-secret");
    PrivateCluster.openForPostgres(dir);
    Files.writeString(secretFile, "archive-secret-" + System.nanoTime() + "\n");
    int receiverPort = FreePorts.any();
    String receiverUrl = "http://127.0.0.1:" + receiverPort;
    PrivateCluster cluster = PrivateCluster.create(clusterDir, List.of("archive_mode = on",
        "archive_command = '" + CLIENT + " -u " + receiverUrl + " -s " + secretFile + " push " + TARGET + " %p %f'",
        "archive_timeout = 0"));
    Path recoveries = dir.resolve("recoveries");
    PrivateCluster.openForPostgres(recoveries);

    EmbeddedStack embedded = EmbeddedStack.start(dir.resolve("stack"), dir.resolve("keys"), SharedTemporal.server(),
        SharedTemporal.newNamespace());
    String yaml = Files.readString(embedded.configFile()).replace("targets: {}\n", """
        targets:
          %s:
            kind: postgres-cluster
            host: 127.0.0.1
            port: %d
            user: postgres
            osUser: postgres
            binDirectory: %s
            walArchive:
              listen: 127.0.0.1:%d
              secretFile: %s
              dataDirectory: %s
              pushAhead: %d
              client: %s
            retention: {keepLast: 1}
            rpo: 5m
            rto: 1h
        """.formatted(TARGET, cluster.port, PrivateCluster.BIN, receiverPort, secretFile, cluster.dataDirectory,
        pushAhead, CLIENT));
    Files.writeString(embedded.configFile(), yaml);
    LifeboatConfiguration config = LifeboatConfigLoader.load(embedded.configFile());
    adjust.accept(config);
    LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry());
    worker.start();
    cluster.start();

    PGSimpleDataSource catalogDb = new PGSimpleDataSource();
    catalogDb.setUrl(embedded.postgres().jdbcUrl(EmbeddedStack.CATALOG_DATABASE));
    catalogDb.setUser(EmbeddedPostgres15.USER);
    ObjectStore objects = new ObjectStore(ObjectStore.client(config.getStorage().getEndpoint(), "us-east-1",
        config.getStorage().getAccessKey(), config.getStorage().getSecretKey(), true),
        config.getStorage().getBucket(), config.getStorage().getPrefix(), ObjectStore.MIN_PART_SIZE, 2);
    WalArchive archive = new WalArchive(objects,
        new ArtifactWriter(objects, OpenPgpKeys.publicKeys(dir.resolve("keys/backup.pub.asc")), 1),
        new ArtifactReader(objects, List.of(OpenPgpKeys.secretKeys(dir.resolve("keys/backup.sec.asc"), null))),
        walSignatures(dir));
    return new ArchivedCluster(cluster, embedded, config, worker, TemporalConnection.open(config.getTemporal()),
        new Catalog(catalogDb), objects, archive, secretFile, receiverUrl);
  }

  /** The WAL signatures of the stack under {@code dir}: its manifest signing key, no unsigned file accepted. */
  static WalSignatures walSignatures(Path dir) {
    return new WalSignatures(new ManifestSigner(OpenPgpKeys.secretKeys(dir.resolve("keys/signing.sec.asc"), null)),
        null);
  }

  <T> T workflow(Class<T> type, String workflowId) {
    return temporal.client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setTaskQueue(config.getTemporal().getTaskQueue()).setWorkflowId(workflowId).build());
  }

  /** Runs the shipped client as PostgreSQL would; returns its exit code and what it printed. */
  Shell.Result client(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(CLIENT.toString(), "-u", receiverUrl, "-s",
        secretFile.toString()));
    command.addAll(List.of(arguments));
    return Shell.exec(command);
  }

  @Override
  public void close() throws Exception {
    try {
      cluster.close();
    } finally {
      worker.stop();
      temporal.stop();
      objects.close();
      embedded.close();
    }
  }
}
