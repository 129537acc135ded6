package io.lifeboat.worker;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.lifecycle.Managed;
import io.lifeboat.activities.artifact.ArtifactReader;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.catalog.CatalogActivitiesImpl;
import io.lifeboat.activities.drill.ScratchEnvironments;
import io.lifeboat.activities.checks.CheckActivitiesImpl;
import io.lifeboat.activities.cluster.PostgresClusterActivitiesImpl;
import io.lifeboat.activities.cluster.WalReceivers;
import io.lifeboat.activities.hooks.HookActivitiesImpl;
import io.lifeboat.activities.lock.ObjectLockActivitiesImpl;
import io.lifeboat.activities.postgres.PostgresTenantActivitiesImpl;
import io.lifeboat.activities.catalog.BucketOutbox;
import io.lifeboat.activities.replication.CopyLocations;
import io.lifeboat.activities.replication.CopySyncActivitiesImpl;
import io.lifeboat.activities.replication.ReplicationActivitiesImpl;
import io.lifeboat.activities.retention.RetentionActivitiesImpl;
import io.lifeboat.activities.retention.RetentionPolicies;
import io.lifeboat.activities.runbook.DatabaseCredentials;
import io.lifeboat.activities.runbook.MigrationActivitiesImpl;
import io.lifeboat.activities.runbook.NotifyActivitiesImpl;
import io.lifeboat.activities.notify.NotificationActivitiesImpl;
import io.lifeboat.activities.notify.NotificationChannels;
import io.lifeboat.activities.notify.PollingHosts;
import io.lifeboat.activities.services.ServiceActivitiesImpl;
import io.lifeboat.activities.runs.OverlapActivitiesImpl;
import io.lifeboat.activities.runs.ReplaceApprovalActivitiesImpl;
import io.lifeboat.activities.runs.RunningRuns;
import io.lifeboat.activities.runs.TemporalRunningRuns;
import io.lifeboat.activities.sources.SourceActivitiesImpl;
import io.lifeboat.activities.tiers.StorageTierActivitiesImpl;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.config.secrets.SecretStores;
import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.EncryptionConfig;
import io.lifeboat.config.RunbooksConfig;
import io.lifeboat.worker.site.SiteRecord;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import io.lifeboat.activities.traffic.TrafficActivitiesImpl;
import io.lifeboat.activities.cluster.ClusterTarget;
import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.activities.wal.WalArchives;
import io.lifeboat.activities.wal.WalCopier;
import io.lifeboat.activities.wal.WalCopyLoop;
import io.lifeboat.activities.wal.WalSignatures;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.activities.kubernetes.KubernetesSource;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.workflows.sources.Destination;
import io.lifeboat.workflows.sources.TargetRef;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.worker.drill.DrillActivitiesImpl;
import io.lifeboat.worker.drill.DrillPlanner;
import io.lifeboat.worker.schedules.ScheduleSync;
import io.lifeboat.workflows.drill.DrillEnvironment;
import io.lifeboat.workflows.drill.DrillWorkflowImpl;
import io.lifeboat.workflows.notify.WatchWorkflowImpl;
import io.lifeboat.activities.drill.DrillReports;
import io.lifeboat.workflows.common.ActivitySummaries;
import io.lifeboat.workflows.cluster.ArchiveCheckWorkflowImpl;
import io.lifeboat.workflows.backup.BackupWorkflowImpl;
import io.lifeboat.workflows.lock.LegalHoldWorkflowImpl;
import io.lifeboat.workflows.cluster.PointInTimeRestoreWorkflowImpl;
import io.lifeboat.workflows.replication.CopySyncWorkflowImpl;
import io.lifeboat.workflows.replication.ReplicationWorkflowImpl;
import io.lifeboat.workflows.restore.RestoreWorkflowImpl;
import io.lifeboat.workflows.retention.RetentionWorkflowImpl;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflowImpl;
import io.lifeboat.workflows.tenants.TenantBackupWorkflowImpl;
import io.lifeboat.workflows.verify.VerifyWorkflowImpl;
import io.lifeboat.workflows.runbook.PasswordVariables;
import io.lifeboat.workflows.runbook.RunbookWorkflowImpl;
import io.lifeboat.activities.metrics.RunOutcomes;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
  /** How often WAL copies catch up whatever happens (they also start as soon as a file is archived). */
  private static final Duration WAL_COPY_INTERVAL = Duration.ofSeconds(30);

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
  private final Catalog catalog;
  private final BucketOutbox outbox;
  private final EncryptionConfig encryption;
  private final RunbooksConfig runbooks;
  private final DrillsConfig drills;
  private final CopyLocations copies;
  private final WalArchives walArchives;
  /** The drills' scratch environments on this host: restores reach them as destinations. */
  private final ScratchEnvironments scratchEnvironments;
  /** The task queue only this host's workers poll (drills' rehearsals and teardowns). */
  private final String hostQueue;
  private final Map<String, WalArchive> copiedWal = new LinkedHashMap<>();
  private WalReceivers walReceivers;
  private WalCopyLoop walCopies;
  private final PrometheusMeterRegistry meters;

  public LifeboatWorker(LifeboatConfiguration config, MetricRegistry metrics) {
    this(config, metrics, Role.ALL);
  }

  public LifeboatWorker(LifeboatConfiguration config, MetricRegistry metrics, Role role) {
    this(config, metrics, role, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  /**
   * @param meters where this worker counts outcomes and the Temporal SDK's metrics: the API's
   *     registry inside {@code lifeboat server}, else one of its own that {@link WorkerMetricsEndpoint} serves
   */
  public LifeboatWorker(LifeboatConfiguration config, MetricRegistry metrics, Role role, PrometheusMeterRegistry meters) {
    this.meters = meters;
    catalogDatabase = config.getCatalog().build(metrics, "worker-catalog");
    temporal = TemporalConnection.open(config.getTemporal(), meters);
    objects = Storage.open(config.getStorage());
    config.getStorage().getCopies().forEach(c -> copyLocations.put(c.getName(), Storage.open(c, config.getStorage())));
    keys = Keyring.load(config.getEncryption(), new SecretStores(config.getSecretStores(), System.getenv()));
    encryption = config.getEncryption();
    runbooks = config.getRunbooks();
    drills = config.getDrills();
    catalog = new Catalog(catalogDatabase);
    outbox = new BucketOutbox(catalog, objects);
    copies = new CopyLocations(copyLocations, config.getStorage().getCopies());
    copyLocations.forEach((name, store) -> copiedWal.put(name, walArchive(store)));
    walArchives = new WalArchives(walArchive(objects), copiedWal, copies::holds);
    targetConfigs = config.getTargets();
    scratchEnvironments = Targets.scratchEnvironments(config);
    this.role = role;
    hostQueue = DrillEnvironment.hostQueue(config.getTemporal().getTaskQueue(), hostName());
    schedules = new ScheduleSync(temporal.client(), config.getTemporal().getTaskQueue(),
        config.getNotifications().watchInterval());

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
          TenantBackupWorkflowImpl.class, PointInTimeRestoreWorkflowImpl.class, ArchiveCheckWorkflowImpl.class,
          CopySyncWorkflowImpl.class, DrillWorkflowImpl.class, WatchWorkflowImpl.class);
    }
    if (role != Role.WORKFLOWS) {
      registerActivities(worker, config);
      // A drill's scratch servers listen on 127.0.0.1 of the host that made them: its rehearsal (the
      // runbook, its restores and their activities) and its teardown run on this host's own queue.
      Worker host = factory.newWorker(hostQueue, WorkerOptions.newBuilder()
          .setMaxConcurrentActivityExecutionSize(4)
          .build());
      host.registerWorkflowImplementationTypes(RunbookWorkflowImpl.class, RestoreWorkflowImpl.class,
          BackupWorkflowImpl.class);
      registerActivities(host, config);
    }
  }

  private void registerActivities(Worker worker, LifeboatConfiguration config) {
    BackupStore backups = new BackupStore(objects, keys.signer());
    StoredBackups stored = new StoredBackups(catalog,
        new StoredBackups.Location(backups, new ArtifactReader(objects, keys.decryption())),
        copyLocations.entrySet().stream().map(c -> new StoredBackups.Location(
            BackupStore.copyAt(c.getKey(), c.getValue(), keys.signer()),
            new ArtifactReader(c.getValue(), keys.decryption()))).toList());
    ArtifactWriter writer = new ArtifactWriter(objects, keys.recipients(), 1);
    Map<String, String> tools = ToolVersions.detect();
    RunningRuns running = new TemporalRunningRuns(temporal.client());
    RunOutcomes outcomes = new RunOutcomes(meters, config.getTargets().entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, target -> target.getValue().kind())), catalog);
    NotificationActivitiesImpl notifications = new NotificationActivitiesImpl(config.getNotifications(),
        config.getTargets(), catalog, Targets.scratchDirectories(config),
        NotificationChannels.from(config.getNotifications(),
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()),
        meters, Clock.systemUTC(), hostName());
    DatabaseCredentials credentials = new DatabaseCredentials(
        new PasswordVariables(Set.copyOf(config.getRunbooks().getPasswordVariables())));
    ReplicationActivitiesImpl replication = new ReplicationActivitiesImpl(catalog, objects, copies, stored,
        Clock.systemUTC());
    worker.registerActivitiesImplementations(
        new SourceActivitiesImpl(Sources.registry(config.getTargets(), config.getDestinations(), catalog, backups,
            stored, writer, walArchives, keys.manifestEncryption(), tools, config.getVerification(),
            scratchEnvironments)),
        new PostgresTenantActivitiesImpl(Targets.postgres(config.getTargets())),
        new CatalogActivitiesImpl(catalog, backups, outbox, outcomes),
        new PostgresClusterActivitiesImpl(Targets.clusters(config.getTargets()), catalog, stored, walArchives),
        replication,
        new CopySyncActivitiesImpl(catalog, copies, config.getTargets().keySet(),
            Targets.clusters(config.getTargets()).all().stream().map(ClusterTarget::name).collect(Collectors.toSet()),
            walArchives.primary(), copiedWal::get, replication, Clock.systemUTC()),
        new RetentionActivitiesImpl(catalog, objects, copies, RetentionPolicies.from(config.getTargets()),
            backups, walArchives.primary(), Clock.systemUTC(), running, outcomes),
        new ObjectLockActivitiesImpl(catalog, objects, stored),
        new StorageTierActivitiesImpl(catalog, objects, Storage.tiers(config.getStorage()), stored,
            Clock.systemUTC(), running),
        new OverlapActivitiesImpl(running),
        new ReplaceApprovalActivitiesImpl(config.getTargets()),
        new ServiceActivitiesImpl(),
        new TrafficActivitiesImpl(),
        new CheckActivitiesImpl(credentials),
        new HookActivitiesImpl(Targets.hooks(config.getTargets())),
        new MigrationActivitiesImpl(credentials),
        new NotifyActivitiesImpl(),
        notifications,
        notifications.watch(config.getTargets().keySet(),
            new PollingHosts(temporal.client(), config.getTemporal().getTaskQueue(), hostQueue)),
        new DrillActivitiesImpl(new DrillPlanner(config), scratchEnvironments, new DrillReports(objects), catalog,
            hostQueue));
  }

  /** This host's name, as its own task queue is named after it. */
  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
  }

  /** Outcomes and the Temporal SDK's metrics of this worker; see docs/metrics.md. */
  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /** Makes Temporal's schedules match the configuration's (see {@link ScheduleSync}); idempotent. */
  public List<ScheduleSync.Outcome> syncSchedules() {
    return schedules.sync(targetConfigs, drills);
  }

  /** The drills' scratch environments on this host: prepared and torn down by drills, swept by the CLI. */
  public ScratchEnvironments scratchEnvironments() {
    return scratchEnvironments;
  }

  /** The signed backup folders in the bucket; used by {@code catalog rebuild}. */
  public BackupStore backups() {
    return new BackupStore(objects, keys.signer());
  }

  /**
   * What restoring a Kubernetes target's backup would create, replace or keep, in order, without
   * changing anything (the backup read through its checks, the destination only read); used by
   * {@code restore-plan}.
   *
   * @param into a namespace mapping ({@code shop=shop-restored}), or null
   * @param to a destination of kind kubernetes, or null for the target's own cluster
   */
  public List<String> kubernetesRestorePlan(LifeboatConfiguration config, String target, String backup, String into,
      String to) {
    BackupStore backups = backups();
    StoredBackups stored = new StoredBackups(catalog,
        new StoredBackups.Location(backups, new ArtifactReader(objects, keys.decryption())),
        copyLocations.entrySet().stream().map(c -> new StoredBackups.Location(
            BackupStore.copyAt(c.getKey(), c.getValue(), keys.signer()),
            new ArtifactReader(c.getValue(), keys.decryption()))).toList());
    KubernetesSource source = new KubernetesSource(Targets.kubernetes(config.getTargets()), catalog, backups, stored,
        new ArtifactWriter(objects, keys.recipients(), 1), keys.manifestEncryption(), Map.of(),
        Targets.destinations(config.getDestinations(), scratchEnvironments));
    TargetRef ref = TargetRef.of(target);
    return source.plan(source.resolve(ref, backup).backupId(), new Destination(ref, into, to, false, false));
  }

  /** The off-site copy locations by name, as under {@code storage.copies}; used by {@code catalog rebuild}. */
  public Map<String, ObjectStore> copyLocations() {
    return Map.copyOf(copyLocations);
  }

  /** Writes what the bucket has not received yet of the catalog's records; see {@link BucketOutbox}. */
  public int flushBucketRecords() {
    return outbox.flush();
  }

  /**
   * Keeps in the bucket what a new host needs to run Lifeboat again (docs/recover-lifeboat.md): the
   * configuration file without its secrets, the runbooks, the public keys.
   */
  public List<String> publishSite(Path configFile) {
    List<Path> publicKeys = new ArrayList<>(encryption.getRecipients());
    publicKeys.addAll(encryption.getVerificationKeys());
    return SiteRecord.publish(objects, new SiteRecord.Site(configFile, runbooks.getFolder(), publicKeys,
        keys.signingPublicKeys()));
  }

  /** The clusters' WAL archives in a bucket: the primary, or an off-site location's copy. */
  private WalArchive walArchive(ObjectStore store) {
    return new WalArchive(store, new ArtifactWriter(store, keys.recipients(), 1),
        new ArtifactReader(store, keys.decryption()),
        new WalSignatures(keys.signer(), encryption.getAcceptUnsignedWalBefore()));
  }

  /**
   * Copies each archived WAL file to the locations that take every backup of its target; the
   * others get it from {@code copies sync}.
   */
  private WalCopyLoop startWalCopies() {
    Map<WalCopier, List<String>> copiers = new LinkedHashMap<>();
    List<String> clusters = Targets.clusters(targetConfigs).all().stream().map(ClusterTarget::name).toList();
    copyLocations.forEach((name, store) -> copiers.put(new WalCopier(name, walArchives.primary(), walArchive(store)),
        clusters.stream().filter(target -> copies.afterBackup(target).contains(name)).toList()));
    return WalCopyLoop.start(copiers, catalog, WAL_COPY_INTERVAL, Clock.systemUTC());
  }

  /**
   * An object of the bucket by its key under the configured prefix, empty when there is none: how
   * the API in the same process reads drill reports.
   */
  public Optional<byte[]> bucketObject(String key) {
    String full = objects.key(key);
    return objects.exists(full) ? Optional.of(objects.get(full)) : Optional.empty();
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
      walCopies = startWalCopies();
      walReceivers = WalReceivers.start(Targets.clusters(targetConfigs), walArchives, walCopies::archived);
    }
    // Records queued by this process's activities go at once; the API's audit events within seconds.
    outbox.every(10);
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
    outbox.close();
    if (walReceivers != null) {
      walReceivers.close();
    }
    if (walCopies != null) {
      walCopies.close();
    }
    copyLocations.values().forEach(ObjectStore::close);
    objects.close();
    temporal.stop();
    catalogDatabase.stop();
  }
}
