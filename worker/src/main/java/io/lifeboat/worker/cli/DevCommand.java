package io.lifeboat.worker.cli;

import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.worker.embedded.EmbeddedStack;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dev", description = "Run the embedded stack (Temporal dev server with its web UI, S3Proxy, "
    + "PostgreSQL), the API and a worker, with a sample target 'shop' and your own targets from --config; stays up "
    + "until interrupted. Runs survive a restart of `lifeboat dev`.")
final class DevCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "a YAML file whose 'targets:' are added to the "
      + "embedded stack's (your own databases, file sets, Redis...; see deploy/lifeboat.example.yml)")
  Path config;

  @Option(names = "--temporal-port", description = "default ${DEFAULT-VALUE} (another free port when taken)")
  int temporalPort = 7233;

  @Option(names = "--api-port", description = "default ${DEFAULT-VALUE} (another free port when taken)")
  int apiPort = 8080;

  @Override
  public Integer call() throws Exception {
    String ownTargets = config == null ? "" : OwnTargets.read(config);
    EmbeddedStack stack = EmbeddedStack.start(Home.dir().resolve("dev"), Home.dir().resolve("keys"), temporalPort, apiPort);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        stack.close();
      } catch (Exception e) {
        System.err.println("embedded stack did not stop cleanly: " + e.getMessage());
      }
    }));
    if (!stack.postgres().databaseExists("shop")) {
      stack.postgres().createDatabase("shop");
      try (Connection shop = stack.postgres().connect("shop")) {
        SampleDatabase.create(shop, 20);
      }
    }
    stack.declareTargets(List.of(new EmbeddedStack.Target("shop", "shop", "1h", "15m")), ownTargets);
    ServerCommand.serve(stack.configFile());
    System.out.println("""
        Lifeboat dev stack is up (state in %s)
          API        %s   (OpenAPI: %s/api/v1/openapi.yaml, metrics: %s/metrics)
                     on this machine only, without tokens: anyone logged in here may call it
          Temporal   %s   %s
                     payloads encrypted (key in %s); the web UI decodes them through %s/codec
          PostgreSQL 127.0.0.1:%d (user postgres), sample target 'shop'
          config     %s%s
        Try: ./lifeboat backup shop   then   ./lifeboat backups   (Ctrl-C stops)"""
        .formatted(stack.home(), stack.apiUrl(), stack.apiUrl(), stack.apiUrl(), stack.temporalTarget(),
            stack.temporal().webUi().map(ui -> "web UI " + ui).orElse("(in-memory server: no web UI)"),
            stack.payloadKeyFile(), stack.apiUrl(), stack.postgres().port(), stack.configFile(), config == null ? "" : " (with the targets of " + config + ")"));
    return 0;
  }
}
