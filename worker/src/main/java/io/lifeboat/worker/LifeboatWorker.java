package io.lifeboat.worker;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.Managed;
import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.catalog.CatalogActivitiesImpl;
import io.lifeboat.activities.checks.CheckActivitiesImpl;
import io.lifeboat.activities.cluster.PostgresClusterActivitiesImpl;
import io.lifeboat.activities.cluster.WalReceivers;
import io.lifeboat.activities.hooks.HookActivitiesImpl;
import io.lifeboat.activities.lock.ObjectLockActivitiesImpl;
import io.lifeboat.activities.postgres.PostgresTenantActivitiesImpl;
import io.lifeboat.activities.replication.CopyLocations;
import io.lifeboat.activities.replication.ReplicationActivitiesImpl;
import io.lifeboat.activities.retention.RetentionActivitiesImpl;
import io.lifeboat.activities.retention.RetentionPolicies;
import io.lifeboat.activities.runbook.MigrationActivitiesImpl;
import io.lifeboat.activities.runbook.NotifyActivitiesImpl;
import io.lifeboat.activities.services.ServiceActivitiesImpl;
import io.lifeboat.activities.runs.OverlapActivitiesImpl;
import io.lifeboat.activities.runs.RunningRuns;
import io.lifeboat.activities.runs.TemporalRunningRuns;
import io.lifeboat.activities.sources.SourceActivitiesImpl;
import io.lifeboat.activities.tiers.StorageTierActivitiesImpl;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.traffic.TrafficActivitiesImpl;
import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.worker.schedules.ScheduleSync;
import io.lifeboat.workflows.common.ActivitySummaries;
import io.lifeboat.workflows.cluster.ArchiveCheckWorkflowImpl;
import io.lifeboat.workflows.backup.BackupWorkflowImpl;
import io.lifeboat.workflows.lock.LegalHoldWorkflowImpl;
import io.lifeboat.workflows.cluster.PointInTimeRestoreWorkflowImpl;
import io.lifeboat.workflows.replication.ReplicationWorkflowImpl;
import io.lifeboat.workflows.restore.RestoreWorkflowImpl;
import io.lifeboat.workflows.retention.RetentionWorkflowImpl;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflowImpl;
import io.lifeboat.workflows.tenants.TenantBackupWorkflowImpl;
import io.lifeboat.workflows.verify.VerifyWorkflowImpl;
import io.lifeboat.workflows.runbook.RunbookWorkflowImpl;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process side of Lifeboat: workflows and activities on the task queue, built from the
 * configuration, with its own catalog pool and Temporal connection. Workflows are deterministic
 * code; activities do the I/O. A worker can take only one of the two roles, e.g. to run the
 * activities near the databases they read.
 */
public final class LifeboatWorker implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(LifeboatWorker.class);

  /** What a worker polls for. */
  public enum Role { ALL, WORKFLOWS, ACTIVITIES }

  private final ManagedDataSource catalogDatabase;
  private final TemporalConnection temporal;
  private final ObjectStore objects;
  private final Map<String, ObjectStore> copyLocations = new LinkedHashMap<>();
  private final Keyring keys;
  private final WorkerFactory factory;
  private final ScheduleSync schedules;
  private final Map<String, TargetConfig> targetConfigs;
  private final Role role;
  private WalReceivers walReceivers;

  public LifeboatWorker(LifeboatConfiguration config, MetricRegistry metrics) {
    this(config, metrics, Role.ALL);
  }

  public LifeboatWorker(LifeboatConfiguration config, MetricRegistry metrics, Role role) {
    catalogDatabase = config.getCatalog().build(metrics, "worker-catalog");
    temporal = TemporalConnection.open(config.getTemporal());
    objects = Storage.open(config.getStorage());
    config.getStorage().getCopies().forEach(c -> copyLocations.put(c.getName(), Storage.open(c, config.getStorage())));
    keys = Keyring.load(config.getEncryption());
    targetConfigs = config.getTargets();
    this.role = role;
    schedules = new ScheduleSync(temporal.client(), config.getTemporal().getTaskQueue());

    factory = WorkerFactory.newInstance(temporal.client(),
        WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new ActivitySummaries()).build());
    Worker worker = factory.newWorker(config.getTemporal().getTaskQueue(), WorkerOptions.newBuilder()
        // A streaming activity keeps both cores busy (compression, encryption); more at once only queue.
        .setMaxConcurrentActivityExecutionSize(4)
        .build());
    if (role != Role.ACTIVITIES) {
      worker.registerWorkflowImplementationTypes(BackupWorkflowImpl.class, VerifyWorkflowImpl.class,
          RestoreWorkflowImpl.class, RunbookWorkflowImpl.class, RetentionWorkflowImpl.class,
          ScheduledRunWorkflowImpl.class, ReplicationWorkflowImpl.class, LegalHoldWorkflowImpl.class,
          TenantBackupWorkflowImpl.class, PointInTimeRestoreWorkflowImpl.class, ArchiveCheckWorkflowImpl.class);
    }
    if (role != Role.WORKFLOWS) {
      registerActivities(worker, config);
    }
  }

  private void registerActivities(Worker worker, LifeboatConfiguration config) {
    Catalog catalog = new Catalog(catalogDatabase);
    BackupStore backups = new BackupStore(objects, keys.signer());
    StoredBackups stored = new StoredBackups(catalog,
        new StoredBackups.Location(backups, new ArtifactReader(objects, keys.decryption())),
        copyLocations.entrySet().stream().map(c -> new StoredBackups.Location(
            BackupStore.copyAt(c.getKey(), c.getValue(), keys.signer()),
            new ArtifactReader(c.getValue(), keys.decryption()))).toList());
    ArtifactWriter writer = new ArtifactWriter(objects, keys.recipients(), 1);
    CopyLocations copies = new CopyLocations(copyLocations, config.getStorage().getCopies());
    Map<String, String> tools = ToolVersions.detect();
    RunningRuns running = new TemporalRunningRuns(temporal.client());
    worker.registerActivitiesImplementations(
        new SourceActivitiesImpl(Sources.registry(config.getTargets(), catalog, backups, stored, writer, walArchive(),
            keys.manifestEncryption(), tools, config.getVerification())),
        new PostgresTenantActivitiesImpl(Targets.postgres(config.getTargets())),
        new CatalogActivitiesImpl(catalog, backups),
        new PostgresClusterActivitiesImpl(Targets.clusters(config.getTargets()), catalog, stored, walArchive()),
        new ReplicationActivitiesImpl(catalog, objects, copies, stored, Clock.systemUTC()),
        new RetentionActivitiesImpl(catalog, objects, copies, RetentionPolicies.from(config.getTargets()),
            backups, walArchive(), Clock.systemUTC(), running),
        new ObjectLockActivitiesImpl(catalog, objects, stored),
        new StorageTierActivitiesImpl(catalog, objects, Storage.tiers(config.getStorage()), stored,
            Clock.systemUTC(), running),
        new OverlapActivitiesImpl(running),
        new ServiceActivitiesImpl(),
        new TrafficActivitiesImpl(),
        new CheckActivitiesImpl(),
        new HookActivitiesImpl(Targets.hooks(config.getTargets())),
        new MigrationActivitiesImpl(),
        new NotifyActivitiesImpl());
  }

  /** Makes Temporal's schedules match the configuration's (see {@link ScheduleSync}); idempotent. */
  public List<ScheduleSync.Outcome> syncSchedules() {
    return schedules.sync(targetConfigs);
  }

  /** The signed backup folders in the bucket; used by {@code catalog rebuild}. */
  public BackupStore backups() {
    return new BackupStore(objects, keys.signer());
  }

  /** The clusters' WAL archives in the bucket. */
  private WalArchive walArchive() {
    return new WalArchive(objects, new ArtifactWriter(objects, keys.recipients(), 1),
        new ArtifactReader(objects, keys.decryption()));
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
    copyLocations.forEach((name, store) -> {
      try {
        store.ensureBucket();
      } catch (RuntimeException e) {
        // Backups still work; replication to this location fails (and says why) until it is reachable.
        LOG.error("off-site location {} unreachable", name, e);
      }
    });
    if (role != Role.WORKFLOWS) {
      walReceivers = WalReceivers.start(Targets.clusters(targetConfigs), walArchive());
    }
    SearchAttributeRegistration.ensure(temporal.stubs(), temporal.namespace());
    factory.start();
    try {
      syncSchedules();
    } catch (RuntimeException e) {
      // Backups on demand still work; the schedules are synced again at the next start or by hand.
      LOG.error("could not sync schedules with Temporal; run 'lifeboat schedules sync' once it is reachable", e);
    }
  }

  @Override
  public void stop() throws Exception {
    factory.shutdown();
    factory.awaitTermination(30, TimeUnit.SECONDS);
    if (walReceivers != null) {
      walReceivers.close();
    }
    copyLocations.values().forEach(ObjectStore::close);
    objects.close();
    temporal.stop();
    catalogDatabase.stop();
  }
}
