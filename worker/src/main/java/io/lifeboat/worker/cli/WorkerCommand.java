package io.lifeboat.worker.cli;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.WorkerMetricsEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "worker", description = "Run only a worker (workflows and activities) against CONFIG; stays up.")
final class WorkerCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONFIG")
  Path config;

  @Option(names = "--role", description = "what to poll for: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
  LifeboatWorker.Role role = LifeboatWorker.Role.ALL;

  @Spec CommandSpec spec;

  /** The worker's own /metrics, before it connects: a taken address stops start-up rather than hiding every outcome. */
  private static WorkerMetricsEndpoint serveMetrics(LifeboatConfiguration configuration,
      PrometheusMeterRegistry meters) {
    try {
      return configuration.getWorker().metricsListener()
          .map(address -> WorkerMetricsEndpoint.serve(address, meters)).orElse(null);
    } catch (IllegalStateException taken) {
      throw new CliException(taken.getMessage(), "see docs/metrics.md");
    }
  }

  @Override
  public Integer call() throws Exception {
    LifeboatConfiguration configuration = Configs.check(config);
    if (role != LifeboatWorker.Role.WORKFLOWS) { // workflow code runs no tool
      ToolsCommand.requireAtStart(configuration, spec.commandLine().getErr());
    }
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WorkerMetricsEndpoint metrics = serveMetrics(configuration, meters);
    LifeboatWorker worker;
    try {
      worker = new LifeboatWorker(configuration, new MetricRegistry(), role, meters);
      worker.start();
    } catch (Exception | Error e) {
      if (metrics != null) {
        metrics.close(); // its thread would keep a failed start's JVM alive
      }
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        worker.stop();
        if (metrics != null) {
          metrics.close();
        }
      } catch (Exception e) {
        System.err.println("worker did not stop cleanly: " + e.getMessage());
      }
    }));
    System.out.println("worker (" + role.name().toLowerCase() + ") polling task queue " + configuration.getTemporal().getTaskQueue() + " on "
        + configuration.getTemporal().getTarget()
        + (metrics == null ? "" : "; metrics on " + configuration.getWorker().getMetricsAddress() + "/metrics"));
    return 0;
  }
}
