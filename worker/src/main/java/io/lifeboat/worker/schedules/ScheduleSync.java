package io.lifeboat.worker.schedules;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lifeboat.config.DrillsConfig;
import io.lifeboat.config.PostgresClusterTargetConfig;
import io.lifeboat.config.ScheduleConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.notify.WatchWorkflow;
import io.lifeboat.workflows.runbook.RunbookDurations;
import io.lifeboat.workflows.schedule.ScheduledRun;
import io.lifeboat.workflows.schedule.ScheduledRunWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import jakarta.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Temporal's schedules match the configuration's {@code schedules:}, idempotently: run it
 * at every start and from {@code lifeboat schedules sync}. On a server with Schedules each one is
 * a Temporal Schedule (visible and pausable in the UI; a pause survives a sync); schedules that
 * left the configuration are deleted. On a server without them (the embedded test server) each
 * one is a cron workflow instead, and the log says so. With {@code drills.enabled}, every drillable
 * target with a drill interval and every enabled {@code drills.runbooks} entry gets a schedule of
 * its own that starts a drill every interval; drills need Schedules, so the cron fallback has none.
 * With notifications routed, the watch ({@link WatchWorkflow}) has a schedule too, every
 * {@code notifications.watchEvery}; it also needs Schedules.
 */
public final class ScheduleSync {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleSync.class);
  /** Memo key of a cron workflow: the configuration it was started from. */
  static final String SPEC_MEMO = "lifeboatSchedule";

  private final WorkflowClient client;
  private final String taskQueue;
  /** How often the watch runs; null: no watch (nothing routed to notify). */
  @Nullable private final Duration watchEvery;

  public ScheduleSync(WorkflowClient client, String taskQueue) {
    this(client, taskQueue, null);
  }

  /** @param watchEvery how often the watch runs ({@code NotificationsConfig.watchInterval()}); null for none */
  public ScheduleSync(WorkflowClient client, String taskQueue, @Nullable Duration watchEvery) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.watchEvery = watchEvery;
  }

  /** How one schedule is run: as a Temporal Schedule or as a cron workflow. */
  public enum Mechanism { SCHEDULE, CRON_WORKFLOW }

  /** What the sync did to one schedule: CREATED, UPDATED, UNCHANGED or DELETED. */
  public record Outcome(String scheduleId, Mechanism mechanism, String change, String detail) {}

  record Wanted(String id, String target, ScheduleConfig config) {}

  /** A drill every {@code every}: of one target's restore, or of a runbook. */
  record WantedDrill(String id, ScheduledRun run, Duration every, String detail) {}

  /**
   * Makes Temporal's schedules those of the targets' {@code schedules:} and of {@code drills:};
   * deletes the other schedules of ours.
   */
  public List<Outcome> sync(Map<String, ? extends TargetConfig> targets, DrillsConfig drills) {
    List<Wanted> wanted = new ArrayList<>();
    targets.forEach((target, config) -> config.getSchedules().forEach(
        s -> wanted.add(new Wanted(ScheduledRunWorkflow.scheduleId(target, s.getName()), target, s))));
    List<WantedDrill> wantedDrills = drills(targets, drills);
    ScheduleClient schedules = scheduleClient();
    List<Outcome> outcomes = new ArrayList<>();
    int done = 0;
    try {
      for (; done < wanted.size(); done++) {
        Wanted w = wanted.get(done);
        outcomes.add(asSchedule(schedules, w.id(), schedule(w), describe(w.config())));
      }
      for (WantedDrill d : wantedDrills) {
        outcomes.add(asSchedule(schedules, d.id(), schedule(d), d.detail()));
      }
      if (watchEvery != null) {
        outcomes.add(asSchedule(schedules, WatchWorkflow.SCHEDULE_ID, watchSchedule(), watchDetail()));
      }
    } catch (RuntimeException e) {
      if (!unimplemented(e)) {
        throw e;
      }
      if (watchEvery != null) {
        LOG.warn("this Temporal server has no Schedules (UNIMPLEMENTED): no watch of scratch disks and replication lag"
            + " between runs; runs still check them at their start and end");
      }
      if (!wantedDrills.isEmpty()) {
        LOG.warn("this Temporal server has no Schedules (UNIMPLEMENTED): {} drill schedule(s) not made; drills need"
            + " Schedules: run them on a Temporal cluster or the dev server, or start them by hand", wantedDrills.size());
      }
      if (done < wanted.size()) {
        LOG.warn("this Temporal server has no Schedules (UNIMPLEMENTED): running {} schedule(s) as cron workflows"
            + " instead; they are not pausable in the UI, never overlap and do not catch up missed runs",
            wanted.size());
      }
      for (Wanted w : wanted.subList(done, wanted.size())) {
        outcomes.add(asCronWorkflow(w));
      }
      return outcomes;
    }
    Set<String> ids = wanted.stream().map(Wanted::id).collect(Collectors.toCollection(java.util.HashSet::new));
    wantedDrills.forEach(d -> ids.add(d.id()));
    if (watchEvery != null) {
      ids.add(WatchWorkflow.SCHEDULE_ID);
    }
    outcomes.addAll(deleteStale(schedules, ids));
    return outcomes;
  }

  /**
   * The drill schedules {@code drills:} asks for: one per target with a drill interval (postgres-cluster
   * targets cannot be drilled yet), one per enabled runbook entry.
   */
  static List<WantedDrill> drills(Map<String, ? extends TargetConfig> targets, DrillsConfig drills) {
    if (!drills.isEnabled()) {
      return List.of();
    }
    List<WantedDrill> wanted = new ArrayList<>();
    new TreeMap<>(targets).forEach((target, config) -> {
      Duration every = drills.intervalOf(config);
      if (every == null) {
        return;
      }
      if (PostgresClusterTargetConfig.KIND.equals(config.kind())) {
        LOG.info("no drill schedule for {}: drills of postgres-cluster targets are not supported yet", target);
        return;
      }
      String id = ScheduledRunWorkflow.drillScheduleId(target);
      wanted.add(new WantedDrill(id, ScheduledRun.drill(target, null, null, id.substring("schedule:".length())), every,
          "drill of target " + target + " every " + RunbookDurations.format(every)));
    });
    new TreeMap<>(drills.getRunbooks()).forEach((runbook, config) -> {
      if (!config.isEnabled()) {
        return;
      }
      Duration every = (config.getEvery() != null ? config.getEvery() : drills.getEvery()).toJavaDuration();
      String id = ScheduledRunWorkflow.runbookDrillScheduleId(runbook);
      Map<String, String> parameters = new TreeMap<>(config.getParameters());
      wanted.add(new WantedDrill(id, ScheduledRun.drill(null, runbook, parameters, id.substring("schedule:".length())),
          every, "drill of runbook " + runbook + " every " + RunbookDurations.format(every)
              + (parameters.isEmpty() ? "" : " with " + parameters)));
    });
    return wanted;
  }

  private Outcome asSchedule(ScheduleClient schedules, String id, Schedule schedule, String detail) {
    try {
      schedules.createSchedule(id, schedule, io.temporal.client.schedules.ScheduleOptions.newBuilder().build());
      LOG.info("schedule {} created: {}", id, detail);
      return new Outcome(id, Mechanism.SCHEDULE, "CREATED", detail);
    } catch (ScheduleAlreadyRunningException e) {
      // Replace spec, action and policy; keep the state, so an operator's pause in the UI stays.
      schedules.getHandle(id).update(input -> new ScheduleUpdate(Schedule.newBuilder(schedule)
          .setState(input.getDescription().getSchedule().getState()).build()));
      LOG.info("schedule {} updated: {}", id, detail);
      return new Outcome(id, Mechanism.SCHEDULE, "UPDATED", detail);
    }
  }

  /**
   * A drill every interval; a drill still running when the next is due skips it, and one missed
   * while the server was down runs once it is back, within a day.
   */
  Schedule schedule(WantedDrill d) {
    return Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(ScheduledRunWorkflow.class)
            .setArguments(d.run())
            .setOptions(WorkflowOptions.newBuilder().setWorkflowId(d.id()).setTaskQueue(taskQueue).build())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(d.every()))).build())
        .setPolicy(SchedulePolicy.newBuilder()
            .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
            .setCatchupWindow(Duration.ofDays(1))
            .build())
        .build();
  }

  /**
   * The watch every {@code watchEvery}: one still running when the next is due skips it, and
   * missed ones are not caught up (the next one sees the same disks).
   */
  Schedule watchSchedule() {
    return Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(WatchWorkflow.class)
            .setOptions(WorkflowOptions.newBuilder().setWorkflowId(WatchWorkflow.WORKFLOW_ID).setTaskQueue(taskQueue)
                .build())
            .build())
        .setSpec(ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(watchEvery))).build())
        .setPolicy(SchedulePolicy.newBuilder()
            .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
            .setCatchupWindow(watchEvery)
            .build())
        .build();
  }

  private String watchDetail() {
    return "watch of scratch disks and replication lag every " + RunbookDurations.format(watchEvery);
  }

  Schedule schedule(Wanted w) {
    ScheduleConfig c = w.config();
    return Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(ScheduledRunWorkflow.class)
            .setArguments(run(w))
            // No static summary here: the Java SDK (1.38) cannot read back a schedule whose action has one
            // (describe fails parsing it), which would break every later sync; the runs it starts have theirs.
            .setOptions(WorkflowOptions.newBuilder().setWorkflowId(w.id()).setTaskQueue(taskQueue).build())
            .build())
        .setSpec(ScheduleSpec.newBuilder()
            .setCronExpressions(List.of(c.getCron()))
            .setTimeZoneName(c.getTimeZone())
            .build())
        .setPolicy(SchedulePolicy.newBuilder()
            .setOverlap(c.getOverlap() == ScheduleConfig.Overlap.BUFFER_ONE
                ? ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE
                : ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
            .setCatchupWindow(c.getCatchupWindow().toJavaDuration())
            .build())
        .build();
  }

  /** One of Lifeboat's schedules as Temporal runs it now. */
  public record Listed(String scheduleId, String detail, boolean paused, String note, List<Instant> nextRuns,
      long runs, Instant lastRun) {}

  /**
   * Lifeboat's schedules (ids "schedule:...") as the server runs them: paused or not, next run
   * times, runs so far; described by the configuration (the server keeps a cron as calendar specs).
   */
  public List<Listed> list(Map<String, ? extends TargetConfig> targets, DrillsConfig drills) {
    Map<String, String> configured = new java.util.HashMap<>();
    targets.forEach((target, config) -> config.getSchedules().forEach(
        s -> configured.put(ScheduledRunWorkflow.scheduleId(target, s.getName()), describe(s))));
    drills(targets, drills).forEach(d -> configured.put(d.id(), d.detail()));
    if (watchEvery != null) {
      configured.put(WatchWorkflow.SCHEDULE_ID, watchDetail());
    }
    ScheduleClient schedules = scheduleClient();
    List<Listed> listed = new ArrayList<>();
    for (String id : schedules.listSchedules().map(ScheduleListDescription::getScheduleId)
        .filter(id -> id.startsWith("schedule:")).sorted().toList()) {
      ScheduleDescription d;
      try {
        d = schedules.getHandle(id).describe();
      } catch (ScheduleException e) {
        if (e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
          continue; // deleted a moment ago: the listing (visibility) catches up a little later
        }
        throw e;
      }
      ScheduleInfo info = d.getInfo();
      Instant last = info.getRecentActions().isEmpty() ? null
          : info.getRecentActions().get(info.getRecentActions().size() - 1).getStartedAt();
      listed.add(new Listed(id, configured.getOrDefault(id, "no longer in the configuration: `lifeboat schedules sync`"
          + " deletes it"), d.getSchedule().getState().isPaused(), d.getSchedule().getState().getNote(),
          info.getNextActionTimes().stream().limit(3).toList(), info.getNumActions(), last));
    }
    return listed;
  }

  /** Pauses a schedule with the operator's words as its note; a later sync keeps it paused. */
  public void pause(String scheduleId, String note) {
    handle(scheduleId).pause(note);
  }

  public void unpause(String scheduleId, String note) {
    handle(scheduleId).unpause(note);
  }

  /** Runs a schedule's action now, whatever its spec says (overlap policy still applies). */
  public void trigger(String scheduleId) {
    handle(scheduleId).trigger();
  }

  private ScheduleHandle handle(String scheduleId) {
    ScheduleHandle handle = scheduleClient().getHandle(scheduleId);
    try {
      handle.describe();
    } catch (ScheduleException e) {
      if (e.getCause() instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new IllegalArgumentException("no schedule '" + scheduleId + "' in Temporal", e);
      }
      throw e.getCause() instanceof StatusRuntimeException s ? s : e; // unreachable, no Schedules...: said as such
    }
    return handle;
  }

  private ScheduleClient scheduleClient() {
    return ScheduleClient.newInstance(client.getWorkflowServiceStubs(),
        ScheduleClientOptions.newBuilder().setNamespace(client.getOptions().getNamespace()).build());
  }

  /** Schedules of ours (ids "schedule:...") no longer in the configuration. */
  private List<Outcome> deleteStale(ScheduleClient schedules, Set<String> wantedIds) {
    List<Outcome> deleted = new ArrayList<>();
    try {
      List<String> stale = schedules.listSchedules().map(ScheduleListDescription::getScheduleId)
          .filter(id -> id.startsWith("schedule:") && !wantedIds.contains(id)).toList();
      for (String id : stale) {
        ScheduleHandle handle = schedules.getHandle(id);
        handle.delete();
        LOG.info("schedule {} deleted: no longer in the configuration", id);
        deleted.add(new Outcome(id, Mechanism.SCHEDULE, "DELETED", "no longer in the configuration"));
      }
    } catch (RuntimeException e) {
      if (!unimplemented(e)) { // a server without Schedules has none to delete, and said so at start
        LOG.warn("could not list schedules to delete those no longer configured: {}", e.getMessage());
      }
    }
    return deleted;
  }

  private Outcome asCronWorkflow(Wanted w) {
    ScheduleConfig c = w.config();
    String fingerprint = describe(c) + " on " + taskQueue;
    WorkflowStub existing = client.newUntypedWorkflowStub(w.id(), Optional.empty(), Optional.empty());
    String change = "CREATED";
    try {
      WorkflowExecutionDescription running = existing.describe();
      if (running.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        if (sameCronWorkflow(w, cron(c))) {
          return new Outcome(w.id(), Mechanism.CRON_WORKFLOW, "UNCHANGED", describe(c));
        }
        existing.terminate("schedule changed in the configuration: " + describe(c));
        change = "UPDATED";
      }
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      // first sync
    }
    String cron = cron(c);
    ScheduledRunWorkflow workflow = client.newWorkflowStub(ScheduledRunWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(w.id())
        .setTaskQueue(taskQueue)
        .setCronSchedule(cron)
        .setMemo(Map.of(SPEC_MEMO, fingerprint))
        .build());
    try {
      WorkflowClient.start(workflow::fire, run(w));
    } catch (WorkflowExecutionAlreadyStarted e) {
      return new Outcome(w.id(), Mechanism.CRON_WORKFLOW, "UNCHANGED", describe(c)); // a concurrent sync won
    }
    LOG.info("schedule {} {} as cron workflow '{}': {}", w.id(), change.toLowerCase(Locale.ROOT), cron, describe(c));
    return new Outcome(w.id(), Mechanism.CRON_WORKFLOW, change, describe(c) + " (cron workflow '" + cron + "')");
  }

  /**
   * Whether the running cron workflow was started from this schedule: same cron, task queue and
   * input, read from its run's start event (the test server drops the memo when a cron run
   * continues into the next).
   */
  private boolean sameCronWorkflow(Wanted w, String cron) {
    var started = client.fetchHistory(w.id()).getHistory().getEvents(0).getWorkflowExecutionStartedEventAttributes();
    ScheduledRun input = client.getOptions().getDataConverter().fromPayloads(
        0, Optional.of(started.getInput()), ScheduledRun.class, ScheduledRun.class);
    return started.getCronSchedule().equals(cron) && started.getTaskQueue().getName().equals(taskQueue)
        && run(w).equals(input);
  }

  /**
   * Cron workflows take the zone as a CRON_TZ prefix, which the Java test server does not parse:
   * there, a schedule of another zone fires at the same wall-clock time in UTC, and the log says so.
   */
  private String cron(ScheduleConfig c) {
    if (ZoneId.of(c.getTimeZone()).normalized().equals(ZoneOffset.UTC)) {
      return c.getCron();
    }
    LOG.warn("schedule '{}' ({}) runs as a cron workflow in UTC: the embedded server cannot apply time zone {};"
        + " on a Temporal cluster it runs in {}", c.getName(), c.getCron(), c.getTimeZone(), c.getTimeZone());
    return c.getCron();
  }

  private static ScheduledRun run(Wanted w) {
    ScheduleConfig c = w.config();
    return new ScheduledRun(w.target(), c.getName(), c.getAction().value(), c.getReason(), c.getSchemas(),
        c.getConcurrency() == null ? 0 : c.getConcurrency());
  }

  static String describe(ScheduleConfig c) {
    String tenants = c.getSchemas() == null ? "" : " of schemas '" + c.getSchemas() + "'"
        + (c.getConcurrency() == null ? "" : ", " + c.getConcurrency() + " at a time");
    return c.getAction().value() + tenants + " at '" + c.getCron() + "' " + c.getTimeZone()
        + ", overlap " + c.getOverlap().name().toLowerCase(Locale.ROOT).replace('_', '-')
        + ", catch-up " + c.getCatchupWindow();
  }

  private static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }
}
