package io.lifeboat.activities.replication;

import io.lifeboat.activities.backup.Heartbeat;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.activities.storage.StorageException;
import io.lifeboat.activities.wal.WalArchive;
import io.lifeboat.activities.wal.WalCopier;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.catalog.WalCopyEntry;
import io.lifeboat.workflows.common.FailureTypes;
import io.lifeboat.workflows.replication.CopyReport;
import io.lifeboat.workflows.replication.CopySyncActivities;
import io.lifeboat.workflows.replication.CopySyncLine;
import io.lifeboat.workflows.replication.CopySyncLine.Outcome;
import io.lifeboat.workflows.replication.CopySyncPage;
import io.lifeboat.workflows.replication.CopySyncPlan;
import io.lifeboat.workflows.replication.CopySyncRequest;
import io.lifeboat.workflows.replication.ReplicationActivities;
import io.lifeboat.workflows.replication.WalSyncReport;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The activities of {@code copies sync}: which locations answer and what each should hold (from
 * the catalog's completed backups and the configured cluster targets), backups copied a page at a
 * time (each as a replication copies it), and WAL archives copied file by file, trusting nothing
 * the location says about itself.
 */
public class CopySyncActivitiesImpl implements CopySyncActivities {
  /** Catalogs hold thousands of backups, not millions: a sync lists them all at once. */
  private static final int ALL = 1_000_000;
  /** A HEAD of a key nobody writes: answers "no such object" from a reachable bucket. */
  private static final String PROBE = ".lifeboat-probe";

  private final Catalog catalog;
  private final CopyLocations locations;
  private final Set<String> targets;
  private final Set<String> clusterTargets;
  private final WalArchive primaryWal;
  private final Function<String, WalArchive> locationWal;
  private final ReplicationActivities replication;
  private final Clock clock;

  /**
   * @param targets every configured target
   * @param clusterTargets the configured cluster targets, whose WAL archives are synced too
   * @param locationWal a location's copy of the WAL archive, by location name
   * @param replication what copies one backup to one location
   */
  public CopySyncActivitiesImpl(Catalog catalog, CopyLocations locations, Set<String> targets,
      Set<String> clusterTargets, WalArchive primaryWal, Function<String, WalArchive> locationWal,
      ReplicationActivities replication, Clock clock) {
    this.catalog = catalog;
    this.locations = locations;
    this.targets = targets;
    this.clusterTargets = clusterTargets;
    this.primaryWal = primaryWal;
    this.locationWal = locationWal;
    this.replication = replication;
    this.clock = clock;
  }

  @Override
  public CopySyncPlan planSync(CopySyncRequest request) {
    List<String> names = locations.names();
    if (names.isEmpty()) {
      throw badRequest("no off-site location is configured (storage.copies is empty): there is nothing to sync to;"
          + " declare one under storage.copies");
    }
    if (request.location() != null && !names.contains(request.location())) {
      throw badRequest("no off-site location '" + request.location() + "' under storage.copies; declared: "
          + String.join(", ", names) + ". Name one of them, or leave --location out to sync all");
    }
    if (request.target() != null && !targets.contains(request.target())) {
      throw badRequest("no target '" + request.target() + "' in the configuration; `lifeboat targets` lists them");
    }
    List<String> wanted = request.location() == null ? names : List.of(request.location());
    if (request.target() != null && wanted.stream().noneMatch(l -> locations.holds(l, request.target()))) {
      throw badRequest("no off-site location takes target " + request.target() + " (see the targets list of each"
          + " entry under storage.copies): there is nothing to sync for it");
    }
    List<BackupEntry> completed = completed(request.target());
    List<CopySyncPlan.Location> plan = new ArrayList<>();
    for (String name : wanted) {
      int backups = (int) completed.stream().filter(b -> locations.holds(name, b.target())).count();
      List<String> wal = clusterTargets.stream().sorted()
          .filter(t -> request.target() == null || t.equals(request.target()))
          .filter(t -> locations.holds(name, t)).toList();
      plan.add(new CopySyncPlan.Location(name, unreachable(name), backups, wal));
    }
    return new CopySyncPlan(List.copyOf(plan));
  }

  /** The catalog's completed backups (of one target, or of all when null), by id. */
  private List<BackupEntry> completed(String target) {
    return catalog.listBackups(target, ALL).stream()
        .filter(b -> b.status() == BackupEntry.Status.COMPLETED)
        .sorted(Comparator.comparing(BackupEntry::backupId))
        .toList();
  }

  @Override
  public CopySyncPage syncBackups(String location, String target, String after, int limit) {
    List<BackupEntry> page = completed(target).stream()
        .filter(b -> locations.holds(location, b.target()))
        .filter(b -> after == null || b.backupId().compareTo(after) > 0)
        .limit(limit + 1L)
        .toList();
    List<BackupEntry> mine = page.subList(0, Math.min(limit, page.size()));
    List<CopySyncLine> lines = new ArrayList<>();
    int alreadyThere = 0;
    AtomicReference<String> at = new AtomicReference<>("starting");
    try (Heartbeat heartbeat = Heartbeat.start("sync-backups-" + location, at::get)) {
      for (int i = 0; i < mine.size(); i++) {
        String backupId = mine.get(i).backupId();
        at.set("backup " + (i + 1) + " of " + mine.size() + " of this page: " + backupId);
        heartbeat.throwIfStopped();
        String item = "backup " + backupId;
        try {
          CopyReport report = replication.copyBackup(backupId, location);
          if (!report.intact()) {
            lines.add(new CopySyncLine(location, item, Outcome.FAILED, String.join("; ", report.problems())));
          } else if (report.copied() > 0) {
            lines.add(new CopySyncLine(location, item, Outcome.COPIED, report.copied() + " of "
                + report.objects() + " objects, " + report.bytes() + " bytes"));
          } else {
            alreadyThere++;
          }
        } catch (ApplicationFailure e) {
          if (!e.isNonRetryable()) {
            throw e;
          }
          lines.add(new CopySyncLine(location, item, Outcome.FAILED, e.getOriginalMessage()));
        }
      }
    }
    String next = page.size() > limit ? mine.get(mine.size() - 1).backupId() : null;
    return new CopySyncPage(List.copyOf(lines), alreadyThere, next);
  }

  /** Null when the location answers; else why not, naming where it is. */
  private String unreachable(String name) {
    ObjectStore store = locations.store(name).orElseThrow();
    try {
      store.exists(store.key(PROBE));
      return null;
    } catch (StorageException e) {
      return "off-site location " + locations.describe(name) + " cannot be reached: " + e.getMessage()
          + " Fix its endpoint, bucket or credentials under storage.copies and sync again";
    }
  }

  @Override
  public WalSyncReport syncWal(String target, String location) {
    if (!locations.holds(location, target)) {
      throw badRequest("off-site location '" + location + "' does not take target " + target);
    }
    WalCopier copier = new WalCopier(location, primaryWal, locationWal.apply(location));
    try (Heartbeat heartbeat = Heartbeat.start("sync-wal-" + target)) {
      WalCopier.Pass pass = copier.copyMissing(target, true, heartbeat::set);
      catalog.recordWalCopy(new WalCopyEntry(target, location, pass.pending(), pass.oldestPendingAt(),
          pass.newestCopied(), clock.instant(), pass.failures().isEmpty() ? null : String.join("; ", pass.failures())));
      return new WalSyncReport(target, location, pass.files(), pass.copied(), pass.alreadyThere(), pass.failures());
    }
  }

  private static ApplicationFailure badRequest(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.BAD_REQUEST);
  }
}
