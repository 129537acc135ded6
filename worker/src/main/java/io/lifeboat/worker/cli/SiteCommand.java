package io.lifeboat.worker.cli;

import io.lifeboat.activities.storage.ObjectStore;
import io.lifeboat.worker.site.SiteRecord;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "site", description = "What a new host needs to run Lifeboat, as the bucket keeps it.",
    subcommands = SiteCommand.Fetch.class)
final class SiteCommand {
  @Command(name = "fetch", description = "Copy the configuration (secrets left out), the runbooks and the public keys"
      + " from the bucket into a folder, to run Lifeboat on a new host (docs/recover-lifeboat.md). Credentials for"
      + " the bucket come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the AWS profile.")
  static final class Fetch implements Callable<Integer> {
    @Option(names = "--bucket", required = true, description = "the bucket Lifeboat writes its backups to")
    String bucket;

    @Option(names = "--prefix", defaultValue = "", description = "the storage prefix (storage.prefix), if any")
    String prefix;

    @Option(names = "--endpoint", description = "the store's URL (S3-compatible stores); AWS itself when left out")
    URI endpoint;

    @Option(names = "--region", defaultValue = "us-east-1")
    String region;

    @Option(names = "--virtual-hosted", description = "address the bucket as a host name (AWS) rather than a path")
    boolean virtualHosted;

    @Option(names = "--to", required = true, description = "an empty or new folder")
    Path to;

    @Override
    public Integer call() {
      try (ObjectStore store = new ObjectStore(ObjectStore.client(endpoint, region, null, null, !virtualHosted),
          bucket, prefix, ObjectStore.MIN_PART_SIZE, 1)) {
        List<Path> files = SiteRecord.fetch(store, to.toAbsolutePath().normalize());
        files.forEach(f -> System.out.println("  " + f));
        System.out.println("fetched " + files.size() + " files; put the secrets (decryption key, passwords) in place"
            + " as docs/recover-lifeboat.md says, then run `lifeboat catalog rebuild --config "
            + to.resolve("lifeboat.yml") + "`");
        return 0;
      } catch (IllegalStateException refused) {
        throw new CliException(refused.getMessage(), "lifeboat site fetch --bucket NAME [--prefix P] --to EMPTY_DIR");
      }
    }
  }
}
