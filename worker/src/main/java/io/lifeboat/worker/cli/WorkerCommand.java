package io.lifeboat.worker.cli;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "worker", description = "Run only a worker (workflows and activities) against CONFIG; stays up.")
final class WorkerCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONFIG")
  Path config;

  @Option(names = "--role", description = "what to poll for: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  LifeboatWorker.Role role = LifeboatWorker.Role.ALL;

  @Override
  public Integer call() throws Exception {
    LifeboatConfiguration configuration = Configs.check(config);
    LifeboatWorker worker = new LifeboatWorker(configuration, new MetricRegistry(), role);
    worker.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        worker.stop();
      } catch (Exception e) {
        System.err.println("worker did not stop cleanly: " + e.getMessage());
      }
    }));
    System.out.println("worker (" + role.name().toLowerCase() + ") polling task queue " + configuration.getTemporal().getTaskQueue() + " on "
        + configuration.getTemporal().getTarget());
    return 0;
  }
}
