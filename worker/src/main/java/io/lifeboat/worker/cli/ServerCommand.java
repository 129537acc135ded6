package io.lifeboat.worker.cli;

import io.dropwizard.lifecycle.Managed;
import io.lifeboat.api.LifeboatApplication;
import io.lifeboat.api.auth.OpenAccess;
import io.lifeboat.api.metrics.ApiMetrics;
import io.lifeboat.api.resources.DrillReportBucket;
import io.lifeboat.api.health.StorageHealthCheck;
import io.lifeboat.worker.LifeboatWorker;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Server;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "server", description = "Run the API and a worker against the services in CONFIG; stays up.")
final class ServerCommand implements Callable<Integer> {
  @Parameters(paramLabel = "CONFIG", description = "the configuration file (see deploy/lifeboat.example.yml)")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ToolsCommand.requireAtStart(Configs.check(config), spec.commandLine().getErr());
    serve(config);
    return 0;
  }

  /** Starts the API with a worker in this process; returns the running server once it is serving. */
  static Server serve(Path config) throws Exception {
    try {
      OpenAccess.requireTokensOrLoopback(Configs.check(config));
    } catch (IllegalStateException open) {
      throw new CliException(open.getMessage(), "docs/security.md, section API access");
    }
    AtomicReference<Server> server = new AtomicReference<>();
    DrillReportBucket reportBucket = new DrillReportBucket();
    // One registry for the process: /metrics shows the API's gauges and the worker's outcomes together.
    ApiMetrics metrics = new ApiMetrics();
    new LifeboatApplication(reportBucket, metrics, (configuration, environment) -> {
      LifeboatWorker worker = new LifeboatWorker(configuration, environment.metrics(), LifeboatWorker.Role.ALL,
          metrics.registry());
      reportBucket.readFrom(worker::bucketObject);
      environment.lifecycle().manage(worker);
      environment.lifecycle().manage(new Managed() { // after the worker: the bucket is checked by then
        @Override
        public void start() {
          try {
            worker.publishSite(config);
          } catch (RuntimeException e) {
            // Lifeboat runs without it; a new host would lack this version of the configuration.
            LoggerFactory.getLogger(ServerCommand.class).error("could not keep the site's configuration, runbooks"
                + " and public keys in the bucket; they are written again at the next start", e);
          }
        }
      });
      environment.lifecycle().addServerLifecycleListener(server::set);
      environment.healthChecks().register("storage", new StorageHealthCheck(worker::probeStorage));
    }).run("server", config.toString());
    return server.get();
  }
}
