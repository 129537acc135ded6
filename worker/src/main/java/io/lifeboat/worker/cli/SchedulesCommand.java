package io.lifeboat.worker.cli;

import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.schedules.ScheduleSync;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "schedules", description = "The targets' schedules (backup, verify, retention) in Temporal.",
    subcommands = SchedulesCommand.Sync.class)
final class SchedulesCommand {
  @Command(name = "sync", description = "Create, update and delete Temporal Schedules to match the configuration"
      + " (cron workflows on a server without Schedules). Idempotent; also runs at every start.")
  static final class Sync implements Callable<Integer> {
    @Option(names = "--config", description = "configuration file (default: the dev stack's)")
    Path config;

    @Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    @Override
    public Integer call() throws Exception {
      LifeboatConfiguration configuration = Configs.check(Configs.orDev(config));
      TemporalConnection temporal = TemporalConnection.open(configuration.getTemporal());
      try {
        List<ScheduleSync.Outcome> outcomes =
            new ScheduleSync(temporal.client(), temporal.taskQueue()).sync(configuration.getTargets());
        if (json) {
          System.out.println(ClientOptions.json(outcomes));
        } else if (outcomes.isEmpty()) {
          System.out.println("no schedules in the configuration (add 'schedules:' under a target)");
        } else {
          for (ScheduleSync.Outcome o : outcomes) {
            System.out.printf("%-9s %-40s %-13s %s%n", o.change(), o.scheduleId(),
                o.mechanism() == ScheduleSync.Mechanism.SCHEDULE ? "schedule" : "cron workflow", o.detail());
          }
        }
        return 0;
      } finally {
        temporal.stop();
      }
    }
  }
}
