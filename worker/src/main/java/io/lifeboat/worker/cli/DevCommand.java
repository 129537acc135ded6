package io.lifeboat.worker.cli;

import io.lifeboat.worker.demo.SampleDatabase;
import io.lifeboat.worker.embedded.EmbeddedStack;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "dev", description = "Run the embedded stack (Temporal test server, S3Proxy, PostgreSQL), the API "
    + "and a worker, with a sample target 'shop'; stays up until interrupted.")
final class DevCommand implements Callable<Integer> {
  @Option(names = "--temporal-port", description = "default ${DEFAULT-VALUE} (another free port when taken)")
  int temporalPort = 7233;

  @Option(names = "--api-port", description = "default ${DEFAULT-VALUE} (another free port when taken)")
  int apiPort = 8080;

  @Override
  public Integer call() throws Exception {
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
    stack.declareTargets(List.of(new EmbeddedStack.Target("shop", "shop", "1h", "15m")));
    ServerCommand.serve(stack.configFile());
    System.out.println("""
        Lifeboat dev stack is up (state in %s)
          API        %s   (OpenAPI: %s/api/v1/openapi.yaml, metrics: %s/metrics)
          Temporal   %s   (test server; no web UI)
          PostgreSQL 127.0.0.1:%d (user postgres), sample target 'shop'
          config     %s
        Try: ./lifeboat backup shop   then   ./lifeboat backups   (Ctrl-C stops)"""
        .formatted(stack.home(), stack.apiUrl(), stack.apiUrl(), stack.apiUrl(), stack.temporalTarget(),
            stack.postgres().port(), stack.configFile()));
    return 0;
  }
}
