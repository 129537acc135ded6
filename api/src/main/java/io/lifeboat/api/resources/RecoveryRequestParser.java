package io.lifeboat.api.resources;

import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.wire.StartRecovery;
import io.lifeboat.config.PostgresClusterTargetConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.cluster.PointInTimeRequest;
import io.lifeboat.workflows.cluster.RecoveryTarget;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Turns a recovery request's body into the workflow's request, or refuses it naming the field. */
final class RecoveryRequestParser {
  private static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");
  private static final String INSTANT_EXAMPLE = "an ISO-8601 instant such as 2024-05-01T03:15:00Z";

  private final KnownTargets targets;

  RecoveryRequestParser(KnownTargets targets) {
    this.targets = targets;
  }

  /** The declared cluster target, or a 400 saying which kind it is instead. */
  static String requireCluster(KnownTargets targets, String target) {
    if (target == null || target.isBlank()) {
      throw ApiProblem.badRequest("target", "target is required", "name a postgres-cluster target");
    }
    TargetConfig config = targets.require(target.strip());
    if (!(config instanceof PostgresClusterTargetConfig)) {
      throw ApiProblem.badRequest("target", "target '" + target + "' is of kind " + config.kind()
          + ", not postgres-cluster", "point-in-time recovery and WAL archives exist for kind: postgres-cluster");
    }
    return target.strip();
  }

  PointInTimeRequest parse(StartRecovery body, String requestedBy) {
    if (body == null) {
      throw ApiProblem.badRequest(null, "request body is required",
          "send {\"target\": ..., \"toTime\": ..., \"dataDirectory\": ..., \"port\": ...}");
    }
    String target = requireCluster(targets, body.target());
    RecoveryTarget to = new RecoveryTarget(body.toTime() == null ? null : instant(body.toTime(), "toTime"),
        blankToNull(body.toLsn()), blankToNull(body.toName()));
    if (to.given() != 1) {
      throw ApiProblem.badRequest("toTime", "give exactly one of toTime, toLsn and toName (" + to.given() + " given)",
          "toTime: " + INSTANT_EXAMPLE + "; toLsn: a WAL position such as 0/3A000060; toName: a restore point");
    }
    if (to.lsn() != null && !LSN.matcher(to.lsn()).matches()) {
      throw ApiProblem.badRequest("toLsn", "'" + to.lsn() + "' is not a WAL position", "use the form 0/3A000060");
    }
    String dataDirectory = body.dataDirectory() == null ? "" : body.dataDirectory().strip();
    if (!dataDirectory.startsWith("/")) {
      throw ApiProblem.badRequest("dataDirectory", "dataDirectory must be an absolute path",
          "name a new or empty directory on the worker's machine, such as /var/lib/lifeboat/recovered");
    }
    if (body.port() == null || body.port() < 1 || body.port() > 65535) {
      throw ApiProblem.badRequest("port", "port must be between 1 and 65535", "pick a free port for the recovered server");
    }
    Instant incidentAt = body.incidentAt() == null ? null : instant(body.incidentAt(), "incidentAt");
    return new PointInTimeRequest(target, to, blankToNull(body.backup()), dataDirectory, body.port(), incidentAt,
        requestedBy);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Instant instant(String value, String field) {
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest(field, "'" + value + "' is not an instant", "use " + INSTANT_EXAMPLE);
    }
  }
}
