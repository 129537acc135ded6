package io.lifeboat.worker.drill;

import io.lifeboat.config.ConfigTargetConfig;
import io.lifeboat.config.FilesTargetConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.RedisTargetConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.runbook.Objectives;
import io.lifeboat.workflows.runbook.OnFailure;
import io.lifeboat.workflows.runbook.Parameter;
import io.lifeboat.workflows.runbook.Runbook;
import io.lifeboat.workflows.runbook.Stage;
import io.lifeboat.workflows.runbook.Step;
import io.lifeboat.workflows.runbook.StepArguments;
import io.lifeboat.workflows.runbook.StepType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runbook a drill of one target rehearses when no runbook is named: fetch the backup, check
 * it, restore it, then check the restored service the way its kind allows. Written as an operator
 * would write it in YAML, so the drill runs it through the same interpreter as any runbook; its
 * scratch addresses are parameters whose {@code drill:} mapping names the scratch server.
 */
final class TargetDrillRunbook {
  static final String BACKUP = "backup";
  static final String SCRATCH_DB = "scratch_db";
  static final String SCRATCH_DB_USER = "scratch_db_user";
  static final String SCRATCH_REDIS = "scratch_redis";

  private TargetDrillRunbook() {}

  /** The runbook for {@code target}; its kind must be drillable ({@link DrillPlanner} refuses the others). */
  static Runbook of(String name, TargetConfig target) {
    List<Parameter> parameters = new ArrayList<>();
    parameters.add(new Parameter(BACKUP, "latest | <backup id> | before <ISO-8601 time>", "latest"));
    List<Step> steps = new ArrayList<>();
    steps.add(step("fetch backup", StepType.FETCH, Map.of("target", name, "backup", "${params." + BACKUP + "}"),
        Duration.ofMinutes(2), 0));
    steps.add(step("verify checksum", StepType.CHECKSUM, Map.of("target", name), Duration.ofMinutes(30), 0));
    if (target instanceof PostgresTargetConfig postgres) {
        parameters.add(new Parameter(SCRATCH_DB, "host:port of the server the drill restores into", "none",
            "${scratch.postgres.address}"));
        parameters.add(new Parameter(SCRATCH_DB_USER, "the user the health check connects as", "postgres",
            "${scratch.postgres.user}"));
        // A target of several databases restores all of them; the check reads the first one listed, or postgres.
        String database = postgres.getDatabase();
        steps.add(step("restore " + name, StepType.RESTORE,
            database == null ? Map.of("target", name) : Map.of("target", name, "database", database),
            Duration.ofHours(2), 1));
        String checked = database != null ? database
            : postgres.getDatabases().all() ? "postgres" : postgres.getDatabases().names().get(0);
        steps.add(step("database answers", StepType.HEALTH_CHECK, Map.of(
            "sql", "jdbc:postgresql://${params." + SCRATCH_DB + "}/" + URLEncoder.encode(checked, StandardCharsets.UTF_8),
            "user", "${params." + SCRATCH_DB_USER + "}",
            "query", "select 1",
            "expect", "1",
            "within", "1m"), Duration.ofMinutes(2), 0));
    } else if (target instanceof RedisTargetConfig) {
        parameters.add(new Parameter(SCRATCH_REDIS, "host:port of the Redis server the drill restores into", "none",
            "${scratch.redis.address}"));
        steps.add(step("restore " + name, StepType.RESTORE, Map.of("target", name), Duration.ofHours(2), 1));
        steps.add(step("redis answers", StepType.HEALTH_CHECK, Map.of(
            "tcp", "${params." + SCRATCH_REDIS + "}", "within", "1m"), Duration.ofMinutes(2), 0));
    } else if (target instanceof FilesTargetConfig || target instanceof ConfigTargetConfig) {
      // the restore itself compares every file's SHA-256 with the manifest: no further check
      steps.add(step("restore " + name, StepType.RESTORE, Map.of("target", name), Duration.ofHours(2), 1));
    } else {
      throw new IllegalArgumentException("drills of " + target.kind()
          + " targets are not supported yet; drill a runbook that restores it into a place it names instead");
    }
    return new Runbook(name, "Rehearse the restore of " + target.kind() + " target " + name + " into scratch",
        new Objectives(target.getRto().toJavaDuration(), target.getRpo().toJavaDuration()), List.copyOf(parameters),
        steps.stream().map(Stage::single).toList());
  }

  private static Step step(String name, StepType type, Map<String, String> with, Duration timeout, int retries) {
    return new Step(name, type, new StepArguments(new TreeMap<>(with), Map.of()), timeout, retries,
        OnFailure.COMPENSATE);
  }
}
