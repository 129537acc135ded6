package io.lifeboat.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeboat.activities.drill.ScratchEnvironments;
import io.lifeboat.api.client.LifeboatClient;
import io.lifeboat.api.wire.RunReference;
import io.lifeboat.api.wire.StartDrill;
import io.lifeboat.config.LifeboatConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.StreamSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lifeboat drill ...}: rehearse a runbook or a target's restore in scratch, read its report, clean up. */
@Command(name = "drill", description = "Rehearse a runbook, or a target's restore, in a scratch environment.",
    subcommands = {DrillCommand.Run.class, DrillCommand.Report.class, DrillCommand.Teardown.class})
final class DrillCommand {
  private DrillCommand() {}

  @Command(name = "run", description = "Drill a runbook or a target in a scratch environment it creates and removes;"
      + " follows it to its verdict (exit 1 when it failed).")
  static final class Run implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "RUNBOOK|TARGET", arity = "0..1", description = "a runbook's name or a target's")
    String name;

    @Option(names = "--runbook", paramLabel = "NAME", description = "drill this runbook (when a target has its name)")
    String runbook;

    @Option(names = "--target", paramLabel = "NAME", description = "drill this target's restore (when a runbook has"
        + " its name)")
    String target;

    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "a runbook parameter (repeatable)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--keep", description = "leave the scratch environment running afterwards; `lifeboat drill"
        + " teardown ID` removes it")
    boolean keep;

    @Option(names = "--wait-for-approvals", description = "approval steps wait for people (default: drills.approvals)")
    boolean waitForApprovals;

    @Option(names = "--reason", description = "why, for the drill's report and the audit trail")
    String reason;

    @Option(names = "--detach", description = "print the drill's id and return without following it")
    boolean detach;

    @Override
    public Integer call() {
      LifeboatClient client = options.client();
      StartDrill drill = subject(client);
      RunReference run = client.startDrill(drill);
      String drillId = run.workflowId();
      if (detach) {
        System.out.println(options.json ? ClientOptions.json(run) : "drill started: " + drillId
            + "; `lifeboat run " + run.runId() + "` follows it");
        return 0;
      }
      JsonNode done;
      try {
        done = new RunFollower(client, System.out, options.json).follow(run);
      } catch (CliException failed) {
        throw new CliException(failed.getMessage(), "`lifeboat drill report " + drillId + "` shows what it did and why;"
            + " " + failed.hint());
      }
      if (options.json) {
        System.out.println(ClientOptions.json(done));
        return 0;
      }
      JsonNode report = done.path("result").path("report");
      System.out.println((report.path("passed").asBoolean(false) ? "PASSED " : "FAILED ") + drillId + ": "
          + report.path("verdict").asText("no verdict"));
      System.out.println("report: lifeboat drill report " + drillId);
      return report.path("passed").asBoolean(false) ? 0 : 1;
    }

    /** What to drill: the flag's, else the name's, refused when it names both a runbook and a target. */
    private StartDrill subject(LifeboatClient client) {
      int given = (name == null ? 0 : 1) + (runbook == null ? 0 : 1) + (target == null ? 0 : 1);
      if (given != 1) {
        throw new CliException("give one runbook or target to drill, not " + given,
            "lifeboat drill run NAME, or --runbook NAME / --target NAME");
      }
      Boolean wait = waitForApprovals ? Boolean.TRUE : null;
      if (runbook != null || target != null) {
        return new StartDrill(runbook, target, params, reason, keep, wait);
      }
      Set<String> runbooks = names(client.runbooks());
      Set<String> targets = names(client.targets());
      boolean isRunbook = runbooks.contains(name);
      boolean isTarget = targets.contains(name);
      if (isRunbook && isTarget) {
        throw new CliException("'" + name + "' is both a runbook and a target",
            "say which: --runbook " + name + " or --target " + name);
      }
      if (!isRunbook && !isTarget) {
        throw new CliException("no runbook or target '" + name + "'",
            "runbooks: " + String.join(", ", runbooks) + "; targets: " + String.join(", ", targets));
      }
      return isRunbook ? new StartDrill(name, null, params, reason, keep, wait)
          : new StartDrill(null, name, params, reason, keep, wait);
    }

    private static Set<String> names(JsonNode list) {
      Set<String> names = new TreeSet<>();
      StreamSupport.stream(list.spliterator(), false).forEach(n -> names.add(n.path("name").asText()));
      return names;
    }
  }

  @Command(name = "report", description = "A drill's stored report: Markdown (default), JSON, or an HTML page.")
  static final class Report implements Callable<Integer> {
    @Mixin ClientOptions options;

    @Parameters(paramLabel = "DRILL_ID") String drillId;

    @Option(names = "--html", paramLabel = "FILE", description = "write the self-contained HTML report to FILE")
    Path html;

    @Override
    public Integer call() throws IOException {
      LifeboatClient client = options.client();
      if (html != null) {
        Files.write(html, client.drillReport(drillId, "html"));
        System.out.println("wrote " + html);
        return 0;
      }
      System.out.print(new String(client.drillReport(drillId, options.json ? "json" : "md"), StandardCharsets.UTF_8));
      return 0;
    }
  }

  @Command(name = "teardown", description = "Remove a drill's scratch environment (one kept with --keep, or left by"
      + " a crash): its servers stopped, its directories deleted. Runs on the worker's host.")
  static final class Teardown implements Callable<Integer> {
    @Option(names = "--config", description = "configuration file (default: the dev stack's)")
    Path config;

    @Parameters(paramLabel = "DRILL_ID") String drillId;

    @Override
    public Integer call() throws Exception {
      if (!drillId.matches("drill-[a-z0-9-]+")) {
        throw new CliException("'" + drillId + "' is not a drill id",
            "drill ids look like drill-20261204-203000-orders; `lifeboat drills` lists them");
      }
      LifeboatConfiguration configuration = Configs.check(Configs.orDev(config));
      System.out.println(new ScratchEnvironments(configuration.getDrills().scratchRoot(),
          Path.of(configuration.getVerification().getPostgresBinaries()), configuration.getVerification().getOsUser())
          .tearDown(drillId));
      return 0;
    }
  }
}
