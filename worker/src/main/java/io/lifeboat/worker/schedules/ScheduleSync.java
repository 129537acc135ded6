package io.lifeboat.worker.schedules;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lifeboat.config.ScheduleConfig;
import io.lifeboat.config.TargetConfig;
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
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Temporal's schedules match the configuration's {@code schedules:}, idempotently: run it
 * at every start and from {@code lifeboat schedules sync}. On a server with Schedules each one is
 * a Temporal Schedule (visible and pausable in the UI; a pause survives a sync); schedules that
 * left the configuration are deleted. On a server without them (the embedded test server) each
 * one is a cron workflow instead, and the log says so.
 */
public final class ScheduleSync {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleSync.class);
  /** Memo key of a cron workflow: the configuration it was started from. */
  static final String SPEC_MEMO = "lifeboatSchedule";

  private final WorkflowClient client;
  private final String taskQueue;

  public ScheduleSync(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  /** How one schedule is run: as a Temporal Schedule or as a cron workflow. */
  public enum Mechanism { SCHEDULE, CRON_WORKFLOW }

  /** What the sync did to one schedule: CREATED, UPDATED, UNCHANGED or DELETED. */
  public record Outcome(String scheduleId, Mechanism mechanism, String change, String detail) {}

  record Wanted(String id, String target, ScheduleConfig config) {}

  public List<Outcome> sync(Map<String, ? extends TargetConfig> targets) {
    List<Wanted> wanted = new ArrayList<>();
    targets.forEach((target, config) -> config.getSchedules().forEach(
        s -> wanted.add(new Wanted(ScheduledRunWorkflow.scheduleId(target, s.getName()), target, s))));
    ScheduleClient schedules = scheduleClient();
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < wanted.size(); i++) {
      try {
        outcomes.add(asSchedule(schedules, wanted.get(i)));
      } catch (RuntimeException e) {
        if (!unimplemented(e)) {
          throw e;
        }
        LOG.warn("this Temporal server has no Schedules (UNIMPLEMENTED): running {} schedule(s) as cron workflows"
            + " instead; they are not pausable in the UI, never overlap and do not catch up missed runs",
            wanted.size());
        for (Wanted w : wanted.subList(i, wanted.size())) {
          outcomes.add(asCronWorkflow(w));
        }
        return outcomes;
      }
    }
    outcomes.addAll(deleteStale(schedules, wanted.stream().map(Wanted::id).collect(Collectors.toSet())));
    return outcomes;
  }

  private Outcome asSchedule(ScheduleClient schedules, Wanted w) {
    Schedule schedule = schedule(w);
    try {
      schedules.createSchedule(w.id(), schedule, io.temporal.client.schedules.ScheduleOptions.newBuilder().build());
      LOG.info("schedule {} created: {}", w.id(), describe(w.config()));
      return new Outcome(w.id(), Mechanism.SCHEDULE, "CREATED", describe(w.config()));
    } catch (ScheduleAlreadyRunningException e) {
      // Replace spec, action and policy; keep the state, so an operator's pause in the UI stays.
      schedules.getHandle(w.id()).update(input -> new ScheduleUpdate(Schedule.newBuilder(schedule)
          .setState(input.getDescription().getSchedule().getState()).build()));
      LOG.info("schedule {} updated: {}", w.id(), describe(w.config()));
      return new Outcome(w.id(), Mechanism.SCHEDULE, "UPDATED", describe(w.config()));
    }
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
  public List<Listed> list(Map<String, ? extends TargetConfig> targets) {
    Map<String, String> configured = new java.util.HashMap<>();
    targets.forEach((target, config) -> config.getSchedules().forEach(
        s -> configured.put(ScheduledRunWorkflow.scheduleId(target, s.getName()), describe(s))));
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
