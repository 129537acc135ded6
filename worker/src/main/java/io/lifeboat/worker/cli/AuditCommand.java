package io.lifeboat.worker.cli;

import io.lifeboat.activities.catalog.AuditChain;
import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.catalog.BucketRecords;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.Storage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "The audit trail as the bucket keeps it.", subcommands = AuditCommand.Verify.class)
final class AuditCommand {
  @Command(name = "verify", description = "Check the audit trail's hash chain in the bucket: every event chains to"
      + " the one before it.")
  static final class Verify implements Callable<Integer> {
    @Option(names = "--config", description = "configuration file (default: the dev stack's)")
    Path config;

    @Override
    public Integer call() throws Exception {
      LifeboatConfiguration configuration = Configs.check(Configs.orDev(config));
      try (ObjectStore bucket = Storage.open(configuration.getStorage())) {
        AuditChain.Read chain = AuditChain.read(bucket);
        String where = "s3://" + bucket.bucket() + "/" + bucket.key(BucketRecords.AUDIT);
        if (chain.intact()) {
          System.out.println("audit chain intact: " + chain.events().size() + " events in " + where);
          return 0;
        }
        chain.problems().forEach(p -> System.out.println("broken: " + p));
        throw new CliException("the audit chain in " + where + " is broken in " + chain.problems().size()
            + " places (listed above)", "compare with the catalog's audit table (GET /api/v1/audit) and the bucket's"
            + " object versions to find what changed");
      }
    }
  }
}
