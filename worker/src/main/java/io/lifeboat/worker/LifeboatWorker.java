package io.lifeboat.worker;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.Managed;
import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.catalog.CatalogActivitiesImpl;
import io.lifeboat.activities.postgres.PostgresDumpActivitiesImpl;
import io.lifeboat.activities.postgres.PostgresRestoreActivitiesImpl;
import io.lifeboat.activities.postgres.PostgresTargets;
import io.lifeboat.activities.postgres.PostgresVerifyActivitiesImpl;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.workflows.impl.BackupWorkflowImpl;
import io.lifeboat.workflows.impl.RestoreWorkflowImpl;
import io.lifeboat.workflows.impl.VerifyWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.concurrent.TimeUnit;

/**
 * The process side of Lifeboat: workflows and activities on the task queue, built from the
 * configuration, with its own catalog pool and Temporal connection. Workflows are deterministic
 * code; activities do the I/O.
 */
public final class LifeboatWorker implements Managed {
  private final ManagedDataSource catalogDatabase;
  private final TemporalConnection temporal;
  private final ObjectStore objects;
  private final Keyring keys;
  private final WorkerFactory factory;

  public LifeboatWorker(LifeboatConfiguration config, MetricRegistry metrics) {
    catalogDatabase = config.getCatalog().build(metrics, "worker-catalog");
    temporal = TemporalConnection.open(config.getTemporal());
    objects = Storage.open(config.getStorage());
    keys = Keyring.load(config.getEncryption());
    Catalog catalog = new Catalog(catalogDatabase);
    BackupStore backups = new BackupStore(objects, keys.signer());
    StoredBackups stored = new StoredBackups(catalog, backups, new ArtifactReader(objects, keys.decryption()));
    ArtifactWriter writer = new ArtifactWriter(objects, keys.recipients(), 1);
    PostgresTargets targets = Targets.postgres(config.getTargets());

    factory = WorkerFactory.newInstance(temporal.client());
    Worker worker = factory.newWorker(config.getTemporal().getTaskQueue(), WorkerOptions.newBuilder()
        // A streaming activity keeps both cores busy (compression, encryption); more at once only queue.
        .setMaxConcurrentActivityExecutionSize(4)
        .build());
    worker.registerWorkflowImplementationTypes(
        BackupWorkflowImpl.class, VerifyWorkflowImpl.class, RestoreWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new PostgresDumpActivitiesImpl(targets, backups, writer, keys.manifestEncryption(), ToolVersions.detect()),
        new PostgresVerifyActivitiesImpl(targets, stored),
        new PostgresRestoreActivitiesImpl(targets, catalog, stored),
        new CatalogActivitiesImpl(catalog, backups));
  }

  /** The signed backup folders in the bucket; used by {@code catalog rebuild}. */
  public BackupStore backups() {
    return new BackupStore(objects, keys.signer());
  }

  /** Checks the bucket can be reached (a HEAD request); the storage health check calls it. */
  public Void probeStorage() {
    objects.ensureBucket();
    return null;
  }

  @Override
  public void start() throws Exception {
    catalogDatabase.start();
    Catalog.migrate(catalogDatabase);
    objects.ensureBucket();
    factory.start();
  }

  @Override
  public void stop() throws Exception {
    factory.shutdown();
    factory.awaitTermination(30, TimeUnit.SECONDS);
    objects.close();
    temporal.stop();
    catalogDatabase.stop();
  }
}
