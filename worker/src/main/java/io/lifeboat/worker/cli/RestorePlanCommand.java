package io.lifeboat.worker.cli;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.lifeboat.config.KubernetesTargetConfig;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.worker.LifeboatWorker;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The dry run of a Kubernetes restore: run where the worker runs (its configuration, keys and
 * catalog), it reads the backup through its checks and the destination cluster, and prints what
 * {@code lifeboat restore} would create, replace or keep, in order. It writes nothing anywhere.
 */
@Command(name = "restore-plan", description = "Dry run of a restore of a kind: kubernetes target: list, in order,"
    + " the objects it would create, replace or keep; changes nothing. Run it where the worker runs.")
final class RestorePlanCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "TARGET", description = "a target of kind kubernetes")
  String target;

  @Option(names = "--backup", paramLabel = "latest|ID|before:INSTANT", description = "default: latest")
  String backup = "latest";

  @Option(names = "--into", paramLabel = "FROM=TO[,FROM=TO]", description = "restore namespaces under other names")
  String into;

  @Option(names = "--to", paramLabel = "DESTINATION", description = "a destination of kind kubernetes")
  String to;

  @Option(names = "--config", description = "configuration file (default: the dev stack's)")
  Path config;

  @Override
  public Integer call() throws Exception {
    LifeboatConfiguration configuration = Configs.check(Configs.orDev(config));
    TargetConfig declared = configuration.getTargets().get(target);
    if (!(declared instanceof KubernetesTargetConfig)) {
      throw new CliException(declared == null ? "unknown target '" + target + "'"
          : "target " + target + " is of kind " + declared.kind() + "; restore-plan plans Kubernetes restores",
          "give a target of kind kubernetes (`lifeboat targets` lists them)");
    }
    MetricRegistry metrics = new MetricRegistry();
    ManagedDataSource database = configuration.getCatalog().build(metrics, "catalog");
    database.start();
    try {
      List<String> plan = new LifeboatWorker(configuration, metrics)
          .kubernetesRestorePlan(configuration, target, backup, into, to);
      System.out.println("dry run: restoring " + target + " (" + backup + ") would, in this order:");
      plan.forEach(line -> System.out.println("  " + line));
      System.out.println("nothing was changed");
      return 0;
    } catch (ApplicationFailure e) {
      throw new CliException(e.getOriginalMessage(), "nothing was changed");
    } finally {
      database.stop();
    }
  }
}
