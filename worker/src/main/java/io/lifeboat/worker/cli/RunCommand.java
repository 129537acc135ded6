package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "run", description = "One run: its steps, status and result.")
final class RunCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "RUN_ID", description = "<workflowId>/<runId>, as `lifeboat runs` prints it")
  String runId;

  @Override
  public Integer call() {
    JsonNode run = options.client().run(runId);
    if (options.json) {
      System.out.println(ClientOptions.json(run));
      return 0;
    }
    System.out.println(run.path("type").asText() + " " + run.path("workflowId").asText() + ": "
        + run.path("status").asText());
    for (JsonNode step : run.path("progress").path("steps")) {
      System.out.printf("  %-14s %-8s %s%n", step.path("name").asText(), step.path("status").asText(),
          step.path("detail").asText(""));
    }
    if (run.hasNonNull("failure")) {
      System.out.println("failure: " + run.path("failure").path("message").asText());
    }
    if (run.hasNonNull("result")) {
      System.out.println("result: " + ClientOptions.json(run.path("result")));
    }
    return 0;
  }
}
