package io.lifeboat.activities.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.lifeboat.activities.artifact.ArtifactSink;
import io.lifeboat.activities.artifact.ArtifactWriter;
import io.lifeboat.activities.artifact.StoredObject;
import io.lifeboat.activities.backup.BackupStore;
import io.lifeboat.activities.backup.BackupStore.SignedManifest;
import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.backup.StoredBackups;
import io.lifeboat.activities.sources.BackupSelector;
import io.lifeboat.activities.sources.Destinations;
import io.lifeboat.activities.sources.Source;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.manifest.Manifest;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.sources.Committed;
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
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes namespaces as a {@link Source}. A backup is one YAML stream of the namespaces'
 * objects in declarative form ({@link DeclarativeForm}) with their Helm release history, in
 * restore order, through the same pipeline as every kind (zstd, OpenPGP, SHA-256, signed
 * manifest). Secrets are in it, encrypted like everything else.
 *
 * <p>A cluster has no place to stage objects beside the live ones, so the restore steps are: stage
 * = read the backup through its checks and plan against the destination (reads only: this is the
 * dry run, {@link #plan}); compare = the objects read equal the manifest's counts; commit = apply
 * the plan in dependency order, journalling what each step creates or replaces; rollback = undo
 * from the journal; drop-replaced = remove the journal. A test restore cannot start a scratch
 * cluster: it parses every object, checks it is in declarative form and compares the counts.
 */
public final class KubernetesSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesSource.class);
  private static final int SUMMARY_LINES = 40;

  private final KubernetesTargets targets;
  private final Catalog catalog;
  private final BackupStore backups;
  private final StoredObjects stored;
  private final ArtifactWriter writer;
  private final Manifest.Encryption encryption;
  private final Map<String, String> tools;
  private final Destinations destinations;

  public KubernetesSource(KubernetesTargets targets, Catalog catalog, BackupStore backups, StoredBackups stored,
      ArtifactWriter writer, Manifest.Encryption encryption, Map<String, String> tools, Destinations destinations) {
    this.targets = targets;
    this.catalog = catalog;
    this.backups = backups;
    this.stored = new StoredObjects(stored);
    this.writer = writer;
    this.encryption = encryption;
    this.tools = tools;
    this.destinations = destinations;
  }

  @Override
  public String targetKind() {
    return SourceKinds.KUBERNETES;
  }

  @Override
  public Set<String> backupKinds() {
    return Set.of(SourceKinds.KUBERNETES);
  }

  @Override
  public SourceBackupResult backup(SourceBackupRequest request) {
    KubernetesTarget target = target(request.source());
    if (request.safety()) {
      throw ApplicationFailure.newNonRetryableFailure("Kubernetes target " + target.name() + " takes no safety"
          + " backup: a restore journals what it replaces and can put it back until the run has succeeded",
          FailureTypes.BAD_REQUEST);
    }
    String manifestKey = backups.manifestKey(target.name(), SourceKinds.KUBERNETES, request.backupId());
    if (backups.exists(manifestKey)) {
      return result(backups.readManifest(manifestKey).manifest(), manifestKey, List.of());
    }
    try (Heartbeat heartbeat = Heartbeat.start("kubernetes"); KubernetesClient client = target.connection().client()) {
      Instant listedAt = Instant.now();
      ClusterExport export = new ClusterExport(target, client);
      List<Map<String, Object>> objects = export.objects();
      StoredObject object;
      try (ArtifactSink sink = writer.open(BackupStore.objectKey(manifestKey, ObjectStream.OBJECT), heartbeat::set)) {
        ObjectStream.Writing stream = new ObjectStream.Writing(sink);
        objects.forEach(stream::write);
        stream.flush();
        object = sink.finish();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot store the objects of " + target.name() + ": " + e.getMessage(), e);
      }
      Map<String, String> toolVersions = new TreeMap<>(tools);
      String version = serverVersion(client);
      if (version != null) {
        toolVersions.put("kubernetes", version);
      }
      Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, request.backupId(), target.name(),
          SourceKinds.KUBERNETES, null, Instant.now(), new Manifest.RecoveryPoint(listedAt, null), toolVersions,
          object.rawBytes(), object.storedBytes(),
          List.of(new Manifest.StoredObject(ObjectStream.OBJECT, object.rawBytes(), object.storedBytes(),
              object.sha256())),
          encryption, null, new Manifest.WorkflowRun(request.workflowId(), request.runId()),
          StoredObjects.counts(objects));
      backups.writeManifest(manifest);
      export.warnings().forEach(w -> LOG.warn("backup {} of {}: {}", request.backupId(), target.name(), w));
      return result(manifest, manifestKey, export.warnings());
    }
  }

  private static String serverVersion(KubernetesClient client) {
    try {
      return client.getKubernetesVersion().getGitVersion();
    } catch (RuntimeException e) {
      return null; // informative only
    }
  }

  @Override
  public ResolvedBackup resolve(TargetRef source, String selector) {
    KubernetesTarget target = target(source);
    return BackupSelector.resolve(catalog, target.name(), SourceKinds.KUBERNETES, selector, target.rpo(),
        target.rto());
  }

  @Override
  public IntegrityReport checkIntegrity(String backupId) {
    try (Heartbeat heartbeat = Heartbeat.start("check-kubernetes")) {
      SignedManifest signed = stored.manifest(backupId);
      List<Map<String, Object>> objects = stored.objects(signed, heartbeat::set);
      Manifest manifest = signed.manifest();
      return new IntegrityReport(manifest.target(), manifest.objects().size(), manifest.storedBytes(),
          objects.size(), "signature valid; " + objects.size() + " objects parsed, matching their SHA-256");
    }
  }

  @Override
  public DestinationState inspect(Destination destination) {
    Place place = place(destination);
    KubernetesTarget target = place.target();
    if (target.namespaces().isEmpty()) {
      return new DestinationState("objects labelled " + target.labelSelector() + " on "
          + place.connection().describe(), true, "objects matching the selector are replaced", false);
    }
    List<String> existing = new ArrayList<>();
    try (KubernetesClient client = place.connection().client()) {
      ClusterApply cluster = new ClusterApply(place.connection(), client, List.of());
      for (String namespace : target.namespaces()) {
        String to = place.namespaces().getOrDefault(namespace, namespace);
        if (cluster.get(new RestorePlan.ObjectRef("v1", "Namespace", null, to)) != null) {
          existing.add(to);
        }
      }
    }
    List<String> to = target.namespaces().stream().map(n -> place.namespaces().getOrDefault(n, n)).toList();
    return new DestinationState("namespaces " + String.join(", ", to) + " on " + place.connection().describe(),
        !existing.isEmpty(), existing.isEmpty() ? "no such namespace yet"
            : "namespaces " + String.join(", ", existing) + " exist; their objects of the backup are replaced",
        false);
  }

  /**
   * What restoring {@code backupId} into {@code destination} would do, in order, without changing
   * anything: the backup read through its checks, then one read per object of the destination.
   */
  public List<String> plan(String backupId, Destination destination) {
    Place place = place(destination);
    try (KubernetesClient client = place.connection().client()) {
      List<Map<String, Object>> objects = stored.objects(stored.manifest(backupId), bytes -> { });
      return new ClusterApply(place.connection(), client, objects).plan(objects, place.namespaces()).lines();
    }
  }

  /** Reads the backup through its checks and plans the restore against the destination; changes nothing. */
  @Override
  public Staged restoreStaged(String backupId, Destination destination, String runToken) {
    Place place = place(destination);
    try (Heartbeat heartbeat = Heartbeat.start("stage-kubernetes");
        KubernetesClient client = place.connection().client()) {
      List<Map<String, Object>> objects = stored.objects(stored.manifest(backupId), heartbeat::set);
      RestorePlan plan = new ClusterApply(place.connection(), client, objects).plan(objects, place.namespaces());
      return new Staged(journal(place.target(), runToken).toString(), "backup " + backupId + " read and checked, "
          + objects.size() + " objects; plan for " + place.connection().describe() + ": " + plan.summary(SUMMARY_LINES));
    }
  }

  @Override
  public Comparison compare(String backupId, Destination destination, Staged staged) {
    try (Heartbeat heartbeat = Heartbeat.start("compare-kubernetes")) {
      SignedManifest signed = stored.manifest(backupId);
      return counted(signed, stored.objects(signed, heartbeat::set));
    }
  }

  @Override
  public Committed commit(String backupId, Destination destination, Staged staged, String runToken) {
    Place place = place(destination);
    Path journal = journal(place.target(), runToken);
    try (Heartbeat heartbeat = Heartbeat.start("apply-kubernetes");
        KubernetesClient client = place.connection().client()) {
      List<Map<String, Object>> objects = stored.objects(stored.manifest(backupId), heartbeat::set);
      ClusterApply cluster = new ClusterApply(place.connection(), client, objects);
      RestorePlan plan = cluster.plan(objects, place.namespaces());
      long[] applied = {0};
      try {
        cluster.apply(plan, journal, step -> heartbeat.set(++applied[0]));
      } catch (RuntimeException e) {
        throw undone(cluster, journal, e);
      }
      return new Committed(journal.toString(), "backup " + backupId + " applied to " + place.connection().describe()
          + ": " + plan.count(RestorePlan.Action.CREATE) + " created, " + plan.count(RestorePlan.Action.REPLACE)
          + " replaced, " + plan.count(RestorePlan.Action.KEEP) + " kept as they were; what was replaced is journalled"
          + " in " + journal);
    }
  }

  /**
   * A commit that failed halfway puts back what it had applied, from its journal, so the
   * destination is as it was; a retry starts again from a fresh journal. When that is not possible
   * either (the API server gone), the journal is kept and the failure says where.
   */
  private static RuntimeException undone(ClusterApply cluster, Path journal, RuntimeException failure) {
    String what = failure instanceof ApplicationFailure a ? a.getOriginalMessage() : String.valueOf(failure.getMessage());
    try {
      cluster.rollback(journal, step -> { });
      Files.deleteIfExists(ClusterApply.rolledBack(journal));
    } catch (RuntimeException | IOException e) {
      return ApplicationFailure.newNonRetryableFailure(what + "; putting back what was applied failed too ("
          + (e instanceof ApplicationFailure a ? a.getOriginalMessage() : e.getMessage()) + "): what the restore"
          + " created or replaced is journalled in " + journal + "; roll back once the cluster answers",
          FailureTypes.BAD_REQUEST);
    }
    return failure instanceof ApplicationFailure a
        ? (a.isNonRetryable() ? ApplicationFailure.newNonRetryableFailure(what + "; what was applied is put back",
            a.getType()) : ApplicationFailure.newFailure(what + "; what was applied is put back", a.getType()))
        : failure;
  }

  @Override
  public void rollback(Destination destination, Committed committed) {
    Place place = place(destination);
    try (Heartbeat heartbeat = Heartbeat.start("rollback-kubernetes");
        KubernetesClient client = place.connection().client()) {
      new ClusterApply(place.connection(), client, List.of()).rollback(journalFile(place.target(), committed.keptAs()),
          step -> heartbeat.add(1));
    }
  }

  @Override
  public void discardStaged(Destination destination, String runToken) {
    // nothing is staged on the cluster; a journal exists only once a commit started (rollback uses it)
  }

  @Override
  public void dropReplaced(Destination destination, Committed committed) {
    if (committed.keptAs() != null) {
      try {
        Path journal = journalFile(target(destination.source()), committed.keptAs());
        Files.deleteIfExists(journal);
        Files.deleteIfExists(ClusterApply.rolledBack(journal));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + committed.keptAs() + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * No scratch cluster can be started, so this is what can be checked honestly without one: every
   * object parses, is in declarative form (no status, uid, resourceVersion, managedFields), has
   * what an API server requires (apiVersion, kind, name, a namespace when its type is namespaced),
   * and the counts equal the manifest's.
   */
  @Override
  public TestRestoreReport testRestore(String backupId) {
    try (Heartbeat heartbeat = Heartbeat.start("test-restore-kubernetes")) {
      SignedManifest signed = stored.manifest(backupId);
      List<Map<String, Object>> objects = stored.objects(signed, heartbeat::set);
      Comparison counts = counted(signed, objects);
      List<String> problems = new ArrayList<>(counts.mismatches());
      for (Map<String, Object> object : objects) {
        problems.addAll(Sanity.problems(object));
      }
      return new TestRestoreReport(new Comparison("objects", objects.size(), List.copyOf(problems)),
          objects.size() + " objects parsed and checked for declarative form; "
              + signed.manifest().rowCounts().getOrDefault(StoredObjects.HELM_RELEASES, 0L) + " Helm release"
              + " revisions. No cluster was started: applying them is checked by restores and drills");
    }
  }

  private static Comparison counted(SignedManifest signed, List<Map<String, Object>> objects) {
    Map<String, Long> recorded = signed.manifest().rowCounts();
    Map<String, Long> read = StoredObjects.counts(objects);
    List<String> mismatches = new ArrayList<>();
    Set<String> keys = new java.util.TreeSet<>(recorded.keySet());
    keys.addAll(read.keySet());
    for (String key : keys) {
      long want = recorded.getOrDefault(key, 0L);
      long got = read.getOrDefault(key, 0L);
      if (want != got) {
        mismatches.add(key + ": " + got + " read, " + want + " recorded");
      }
    }
    return new Comparison("objects", objects.size(), List.copyOf(mismatches));
  }

  private KubernetesTarget target(TargetRef source) {
    if (source.schema() != null) {
      throw ApplicationFailure.newNonRetryableFailure("Kubernetes target " + source.target() + " has no schemas;"
          + " leave the schema out", FailureTypes.BAD_REQUEST);
    }
    return targets.get(source.target());
  }

  /** Where a restore goes: which cluster, and the namespace each backed-up namespace lands in. */
  private record Place(KubernetesTarget target, KubernetesConnection connection, Map<String, String> namespaces) {}

  /**
   * The target's own cluster, or a destination of kind kubernetes; {@code into} maps namespaces
   * ({@code shop=shop-restored,pay=pay-restored}, or one name when the target has one namespace)
   * over the destination's mapping.
   */
  private Place place(Destination destination) {
    KubernetesTarget target = target(destination.source());
    KubernetesConnection connection = target.connection();
    Map<String, String> namespaces = new LinkedHashMap<>();
    if (destination.server() != null) {
      if (Destinations.hostPort(destination.server()).isPresent()) {
        throw ApplicationFailure.newNonRetryableFailure("Kubernetes target " + target.name() + " cannot be restored"
            + " onto " + destination.server() + " given as host:port: declare the cluster under 'destinations:'"
            + " (kind: kubernetes, connection: {...}) and restore --to its name", FailureTypes.BAD_REQUEST);
      }
      KubernetesDestination declared = destinations.named(destination.server(), SourceKinds.KUBERNETES,
          KubernetesDestination.class);
      connection = declared.connection();
      namespaces.putAll(declared.namespaces());
    }
    if (destination.place() != null) {
      namespaces.putAll(mapping(target, destination.place()));
    }
    return new Place(target, connection, namespaces);
  }

  private static Map<String, String> mapping(KubernetesTarget target, String into) {
    Map<String, String> mapping = new LinkedHashMap<>();
    String name = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    if (!into.contains("=")) {
      if (!into.matches(name) || target.namespaces().size() != 1) {
        throw ApplicationFailure.newNonRetryableFailure("'" + into + "' is not where target " + target.name()
            + " can be restored: give the namespaces as from=to[,from=to] (target namespaces: "
            + String.join(", ", target.namespaces()) + ")", FailureTypes.BAD_REQUEST);
      }
      mapping.put(target.namespaces().get(0), into);
      return mapping;
    }
    for (String pair : into.split(",")) {
      String[] parts = pair.strip().split("=", -1);
      if (parts.length != 2 || !parts[0].matches(name) || !parts[1].matches(name)) {
        throw ApplicationFailure.newNonRetryableFailure("'" + pair + "' is not a namespace mapping; give the"
            + " namespaces as from=to[,from=to], e.g. shop=shop-restored", FailureTypes.BAD_REQUEST);
      }
      mapping.put(parts[0], parts[1]);
    }
    return mapping;
  }

  private static Path journal(KubernetesTarget target, String runToken) {
    return target.scratchDirectory().toAbsolutePath().normalize()
        .resolve("lifeboat-kubernetes-" + target.name() + "-" + runToken + ".journal");
  }

  /** A journal named by a committed step: only a file of the target's scratch directory is accepted. */
  private static Path journalFile(KubernetesTarget target, String keptAs) {
    Path file = Path.of(keptAs).toAbsolutePath().normalize();
    if (!file.getParent().equals(target.scratchDirectory().toAbsolutePath().normalize())
        || !file.getFileName().toString().startsWith("lifeboat-kubernetes-" + target.name() + "-")) {
      throw ApplicationFailure.newNonRetryableFailure("'" + keptAs + "' is not a restore journal of target "
          + target.name(), FailureTypes.BAD_REQUEST);
    }
    return file;
  }

  private static SourceBackupResult result(Manifest manifest, String manifestKey, List<String> warnings) {
    Map<String, Long> counts = manifest.rowCounts();
    return new SourceBackupResult(manifest.backupId(), manifest.kind(), manifestKey, manifest.recoveryPoint().time(),
        manifest.rawBytes(), manifest.storedBytes(), null,
        counts.getOrDefault(StoredObjects.OBJECTS, 0L) + " objects ("
            + counts.getOrDefault(StoredObjects.HELM_RELEASES, 0L) + " Helm release revisions); YAML of "
            + manifest.rawBytes() + " bytes", List.copyOf(warnings), List.of());
  }
}
