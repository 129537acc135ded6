package io.lifeboat.worker.cli;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.schedules.ScheduleSync;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "schedules", description = "The targets' schedules (backup, verify, retention) and the drills'"
    + " in Temporal, with their next run times.",
    subcommands = {SchedulesCommand.Sync.class, SchedulesCommand.Pause.class, SchedulesCommand.Unpause.class,
        SchedulesCommand.Trigger.class})
final class SchedulesCommand implements Callable<Integer> {
  @Mixin
  Connection connection;

  @Option(names = "--json", description = "print JSON for scripts")
  boolean json;

  @Override
  public Integer call() throws Exception {
    LifeboatConfiguration configuration = Configs.check(Configs.orDev(connection.config));
    return connection.with(sync -> {
      List<ScheduleSync.Listed> listed = sync.list(configuration.getTargets(), configuration.getDrills());
      if (json) {
        System.out.println(ClientOptions.json(listed));
      } else if (listed.isEmpty()) {
        System.out.println("no schedules in Temporal (add 'schedules:' under a target, then `lifeboat schedules sync`)");
      } else {
        for (ScheduleSync.Listed s : listed) {
          System.out.printf("%-36s %-8s %s; next %s; %d run(s)%s%n", s.scheduleId(), s.paused() ? "PAUSED" : "active",
              s.detail(), s.nextRuns().isEmpty() ? "none" : s.nextRuns().stream().map(Instant::toString)
                  .collect(Collectors.joining(", ")), s.runs(),
              s.lastRun() == null ? "" : ", last at " + s.lastRun());
          if (s.paused() && s.note() != null && !s.note().isBlank()) {
            System.out.println("    paused: " + s.note());
          }
        }
      }
      return 0;
    });
  }

  /** Where Temporal is: the configuration file's, or the running dev stack's. */
  static final class Connection {
    @Option(names = "--config", description = "configuration file (default: the dev stack's)")
    Path config;

    interface Action {
      Integer run(ScheduleSync sync) throws Exception;
    }

    Integer with(Action action) throws Exception {
      LifeboatConfiguration configuration = Configs.check(Configs.orDev(config));
      TemporalConnection temporal = TemporalConnection.open(configuration.getTemporal());
      try {
        return action.run(new ScheduleSync(temporal.client(), temporal.taskQueue(),
            configuration.getNotifications().watchInterval()));
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), "`lifeboat schedules` lists them");
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
          throw new CliException("no such schedule: " + e.getStatus().getDescription(), "`lifeboat schedules` lists them");
        }
        if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
          throw new CliException("this Temporal server has no Schedules (the in-memory server)",
              "install the dev server with deploy/install-temporal.sh and restart `lifeboat dev`");
        }
        throw new CliException("Temporal at " + configuration.getTemporal().getTarget() + " answered "
            + e.getStatus().getCode() + ": " + e.getStatus().getDescription(), "is it running? `lifeboat dev` starts one");
      } finally {
        temporal.stop();
      }
    }
  }

  @Command(name = "sync", description = "Create, update and delete Temporal Schedules to match the configuration"
      + " (cron workflows on a server without Schedules). Idempotent; also runs at every start.")
  static final class Sync implements Callable<Integer> {
    @Mixin
    Connection connection;

    @Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    @Override
    public Integer call() throws Exception {
      LifeboatConfiguration configuration = Configs.check(Configs.orDev(connection.config));
      return connection.with(sync -> {
        List<ScheduleSync.Outcome> outcomes = sync.sync(configuration.getTargets(), configuration.getDrills());
        if (json) {
          System.out.println(ClientOptions.json(outcomes));
        } else if (outcomes.isEmpty()) {
          System.out.println("no schedules in the configuration (add 'schedules:' under a target, or drills: {enabled: true})");
        } else {
          for (ScheduleSync.Outcome o : outcomes) {
            System.out.printf("%-9s %-40s %-13s %s%n", o.change(), o.scheduleId(),
                o.mechanism() == ScheduleSync.Mechanism.SCHEDULE ? "schedule" : "cron workflow", o.detail());
          }
        }
        return 0;
      });
    }
  }

  @Command(name = "pause", description = "Pause a schedule (it stays paused across syncs and restarts).")
  static final class Pause implements Callable<Integer> {
    @Mixin
    Connection connection;

    @Parameters(paramLabel = "SCHEDULE_ID", description = "e.g. schedule:shop:nightly")
    String scheduleId;

    @Option(names = "--reason", required = true, description = "why, shown with the schedule")
    String reason;

    @Override
    public Integer call() throws Exception {
      return connection.with(sync -> {
        sync.pause(scheduleId, reason);
        System.out.println("paused " + scheduleId + ": " + reason);
        return 0;
      });
    }
  }

  @Command(name = "unpause", description = "Let a paused schedule run again.")
  static final class Unpause implements Callable<Integer> {
    @Mixin
    Connection connection;

    @Parameters(paramLabel = "SCHEDULE_ID")
    String scheduleId;

    @Option(names = "--reason", defaultValue = "unpaused", description = "why, shown with the schedule")
    String reason;

    @Override
    public Integer call() throws Exception {
      return connection.with(sync -> {
        sync.unpause(scheduleId, reason);
        System.out.println("unpaused " + scheduleId);
        return 0;
      });
    }
  }

  @Command(name = "trigger", description = "Run a schedule's action now.")
  static final class Trigger implements Callable<Integer> {
    @Mixin
    Connection connection;

    @Parameters(paramLabel = "SCHEDULE_ID")
    String scheduleId;

    @Override
    public Integer call() throws Exception {
      return connection.with(sync -> {
        sync.trigger(scheduleId);
        System.out.println("triggered " + scheduleId + "; `lifeboat runs` shows the run");
        return 0;
      });
    }
  }
}
