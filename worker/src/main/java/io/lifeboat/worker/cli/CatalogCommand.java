package io.lifeboat.worker.cli;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.ManagedDataSource;
import io.lifeboat.activities.catalog.CatalogRebuild;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "catalog", description = "The catalog, Lifeboat's index of the bucket.",
    subcommands = CatalogCommand.Rebuild.class)
final class CatalogCommand {
  @Command(name = "rebuild", description = "Re-create the catalog from the bucket: the backups from their signed"
      + " manifests, with their verifications and off-site copies, the run history and the audit trail.")
  static final class Rebuild implements Callable<Integer> {
    @Option(names = "--config", description = "configuration file (default: the dev stack's)")
    Path config;

    @Option(names = "--json", description = "print JSON for scripts")
    boolean json;

    @Override
    public Integer call() throws Exception {
      LifeboatConfiguration configuration = Configs.check(Configs.orDev(config));
      MetricRegistry metrics = new MetricRegistry();
      ManagedDataSource database = configuration.getCatalog().build(metrics, "catalog");
      database.start();
      try {
        Catalog.migrate(database);
        LifeboatWorker worker = new LifeboatWorker(configuration, metrics);
        CatalogRebuild.Result result =
            new CatalogRebuild(worker.backups(), new Catalog(database), worker.copyLocations()).run();
        if (json) {
          System.out.println(ClientOptions.json(result));
        } else {
          System.out.println("catalog rebuilt: " + result.indexed() + " backups indexed from the bucket ("
              + result.verifiedBackups() + " verified, " + result.copies() + " off-site copies, "
              + result.rediscoveredCopies() + " of them found by listing their location), " + result.runs()
              + " runs, " + result.auditEvents() + " audit events, " + result.drills() + " drills");
          result.rejected().forEach(r -> System.out.println("  left out (signature): " + r));
          result.unreadable().forEach(r -> System.out.println("  left out (unreadable): " + r));
          result.auditProblems().forEach(r -> System.out.println("  audit chain broken: " + r));
          result.auditConflicts().forEach(r -> System.out.println("  left out (conflict): " + r));
        }
        return result.rejected().isEmpty() && result.unreadable().isEmpty() && result.auditProblems().isEmpty()
            && result.auditConflicts().isEmpty() ? 0 : 1;
      } finally {
        database.stop();
      }
    }
  }
}
