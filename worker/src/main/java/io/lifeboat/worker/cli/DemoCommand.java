package io.lifeboat.worker.cli;

import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.files.DirectoryTrees;
import io.lifeboat.worker.demo.Demo;
import io.lifeboat.worker.embedded.EmbeddedStack;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.eclipse.jetty.server.Server;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Back up, verify, lose, restore and compare a sample database on the "
    + "embedded stack, then report sizes, throughput and the RPO/RTO achieved.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--size-mb", description = "size of the sample database (default ${DEFAULT-VALUE})")
  int sizeMb = 200;

  @Option(names = "--json", description = "print the report as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path home = Home.dir().resolve("demo");
    DirectoryTrees.delete(home);
    System.out.println("Lifeboat demo: starting the embedded stack in " + home);
    try (EmbeddedStack stack = EmbeddedStack.start(home, Home.dir().resolve("keys"), 0, 0)) {
      stack.temporal().webUi().ifPresent(ui -> System.out.println(
          "Watch each step in the Temporal web UI: " + ui + "/namespaces/" + stack.namespace() + "/workflows"));
      Demo.prepare(stack, sizeMb, System.out);
      Server server = ServerCommand.serve(stack.configFile());
      LifeboatClient client = new LifeboatClient(URI.create(stack.apiUrl()), "demo");
      Demo demo = new Demo(stack, client, run -> new RunFollower(client, System.out, false).follow(run), System.out);
      Demo.Report report;
      try {
        report = demo.run();
      } finally {
        server.stop(); // the worker stops before the services it uses
      }
      if (json) {
        System.out.println(ClientOptions.json(report));
      } else {
        print(report);
      }
      if (!report.identical()) {
        throw new CliException("the restored database differs from the original (" + report.original().sha256()
            + " vs " + report.restored().sha256() + ")", "this is a bug; the backup in " + home + " is kept");
      }
      return 0;
    }
  }

  private static void print(Demo.Report r) {
    System.out.println();
    System.out.println("Demo report");
    System.out.printf("  backup %s: %s raw → %s stored (%.1f× smaller), %.1f s, %s%n", r.backupId(),
        Sizes.human(r.rawBytes()), Sizes.human(r.storedBytes()), (double) r.rawBytes() / Math.max(1, r.storedBytes()),
        r.backupMillis() / 1000.0, Sizes.rate(r.rawBytes(), r.backupMillis()));
    System.out.printf("  verification: test restore matched: %s%n", r.testRestore());
    System.out.printf("  restore: %.1f s, %s%n", r.restoreMillis() / 1000.0, Sizes.rate(r.rawBytes(), r.restoreMillis()));
    System.out.println("  " + RestoreCommand.objective("RPO", r.achievedRpoMillis(), r.rpoObjectiveMillis()));
    System.out.println("  " + RestoreCommand.objective("RTO", r.achievedRtoMillis(), r.rtoObjectiveMillis()));
    System.out.printf("  restored data: %s (pg_dump of %s, SHA-256 %s)%n", r.identical() ? "IDENTICAL" : "DIFFERENT",
        Sizes.human(r.original().dumpBytes()), r.original().sha256().substring(0, 16));
  }
}
