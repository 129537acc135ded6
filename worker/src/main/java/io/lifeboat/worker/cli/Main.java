package io.lifeboat.worker.cli;

import io.lifeboat.api.client.LifeboatApiException;
import io.lifeboat.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lifeboat}: the command line. */
@Command(name = "lifeboat", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
    description = "Disaster recovery: durable, verified backups and restores on Temporal.",
    subcommands = {DemoCommand.class, DevCommand.class, ServerCommand.class, WorkerCommand.class,
        TargetsCommand.class, BackupCommand.class, BackupsCommand.class, VerifyCommand.class,
        RestoreCommand.class, RunsCommand.class, RunCommand.class, CatalogCommand.class,
        RetentionCommand.class, StatusCommand.class, SchedulesCommand.class, RunbookCommand.class,
        RecoverCommand.class, ArchiveCommand.class, AuditCommand.class, SiteCommand.class, CopiesCommand.class,
        DrillCommand.class, DrillsCommand.class, TokenCommand.class, SecretCommand.class,
        ToolsCommand.class,
        RestorePlanCommand.class})
public final class Main {
  /** Read by {@link VersionInfo}: {@code lifeboat --version --json}. */
  @Option(names = "--json", description = "with --version: print JSON for scripts")
  boolean json;

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    if (code != 0 || !isLongRunning(args)) {
      System.exit(code);
    }
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
      PrintWriter err = commandLine.getErr();
      err.println("error: " + oneLine(e));
      String hint = hint(e);
      if (hint != null) {
        err.println("hint: " + hint);
      }
      err.flush();
      return 1;
    });
    return cli;
  }

  /** dev, server and worker keep serving after their command returns. */
  private static boolean isLongRunning(String[] args) {
    return args.length > 0 && (args[0].equals("dev") || args[0].equals("server") || args[0].equals("worker"));
  }

  private static String oneLine(Exception e) {
    String message = e instanceof LifeboatApiException api && api.error() != null ? api.error() : e.getMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    return message.strip().replaceAll("\\s*\\n\\s*", " ");
  }

  private static String hint(Exception e) {
    if (e instanceof CliException cli) {
      return cli.hint();
    }
    if (e instanceof LifeboatApiException api) {
      return api.hint();
    }
    if (e instanceof ConfigException) {
      return "fix the file and start again; deploy/lifeboat.example.yml documents every key";
    }
    return null;
  }
}
