package io.lifeboat.api.resources;

import io.lifeboat.workflows.sources.SourceKinds;
import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.wire.StartRestore;
import io.lifeboat.catalog.BackupEntry;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.ConfigTargetConfig;
import io.lifeboat.config.EtcdTargetConfig;
import io.lifeboat.config.DestinationConfig;
import io.lifeboat.config.FilesTargetConfig;
import io.lifeboat.config.KubernetesTargetConfig;
import io.lifeboat.config.PostgresClusterTargetConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.RedisTargetConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.sources.TargetRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a restore request's body into the workflow's request, or refuses it naming the field.
 * The chosen backup is looked up too, so a restore of nothing is refused here rather than
 * failing minutes later inside the workflow.
 */
final class RestoreRequestParser {
  /** An unquoted PostgreSQL identifier of at most 63 bytes, so no quoting is ever needed. */
  static final Pattern DATABASE_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,62}$");

  /** A destination's name under {@code destinations:}. */
  static final Pattern DESTINATION_NAME = Pattern.compile("^" + DestinationConfig.NAME_PATTERN + "$");

  /** A DNS name, IPv4 address or bracketed IPv6 address. */
  private static final Pattern HOST = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9.-]{0,252}|\\[[0-9A-Fa-f:.]+\\])$");

  static final String LATEST = "latest";
  static final String BEFORE = "before:";

  // A client's clock a little ahead of ours must not make "now" a refused future incident.
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
  private static final String BACKUP_FORMS = "use \"latest\", a backup id, or \"before:<ISO-8601 instant>\"";
  private static final String INSTANT_EXAMPLE = "an ISO-8601 instant such as 2024-05-01T03:15:00Z";

  private final KnownTargets targets;
  private final Catalog catalog;
  private final IndexedBackups backups;
  private final Clock clock;
  private final Map<String, DestinationConfig> destinations;

  RestoreRequestParser(KnownTargets targets, Map<String, DestinationConfig> destinations, Catalog catalog,
      Clock clock) {
    this.targets = targets;
    this.destinations = new TreeMap<>(destinations);
    this.catalog = catalog;
    this.backups = new IndexedBackups(catalog);
    this.clock = clock;
  }

  RestoreRequest parse(StartRestore body, String requestedBy) {
    if (body == null) {
      throw ApiProblem.badRequest(null, "request body is required",
          "send {\"target\": ..., \"backup\": \"latest\", \"into\": ...}");
    }
    String target = required(body.target(), "target", "name a target declared in the configuration");
    TargetConfig declared = targets.require(target);
    if (declared instanceof PostgresClusterTargetConfig) {
      throw ApiProblem.badRequest("target", "target '" + target + "' is a PostgreSQL cluster, which is recovered to"
          + " a point in time into a new data directory", "use POST /api/v1/recoveries");
    }
    String server = server(body);
    checkDestination(body, server, target, declared);
    if (body.schema() != null) {
      return parseTenant(body, target, declared, server, requestedBy);
    }
    String into = into(body, target, declared);
    String backup = required(body.backup(), "backup", BACKUP_FORMS);
    checkBackupExists(target, backup);
    return request(body, TargetRef.of(target), backup, into, server, requestedBy);
  }

  /**
   * Where in the destination the backup goes, as the target's kind reads {@code into} (or its older
   * name {@code database}): a PostgreSQL database, a directory of a file set; null for the target's
   * own (its database, its original paths, its Redis server).
   */
  private static String into(StartRestore body, String target, TargetConfig declared) {
    String field = body.into() != null ? "into" : "database";
    String into = given(body);
    if (into == null) {
      return null;
    }
    if (declared instanceof PostgresTargetConfig) {
      return databaseName(into, field);
    }
    if (declared instanceof FilesTargetConfig || declared instanceof ConfigTargetConfig
        || declared instanceof EtcdTargetConfig) { // etcd: the new data directory
      return directory(into, field);
    }
    if (declared instanceof KubernetesTargetConfig) {
      return namespaces(into, field);
    }
    throw ApiProblem.badRequest(field, "target '" + target + "' is of kind " + declared.kind() + ", which is"
        + " restored into a whole server, not into '" + into + "'", "leave out " + field
        + "; to restore onto another server, give to (a destination declared in the configuration)");
  }

  /** {@code into} or {@code database}, whichever is given; both only when they agree. */
  private static String given(StartRestore body) {
    String into = body.into() == null ? null : required(body.into(), "into", "name where to restore, or leave it out");
    String database = body.database() == null ? null
        : required(body.database(), "database", "name the database to restore into, or leave it out");
    if (into != null && database != null && !into.equals(database)) {
      throw ApiProblem.badRequest("into", "into ('" + into + "') and database ('" + database + "') differ",
          "give into alone (database is its older name)");
    }
    return into != null ? into : database;
  }

  private static String databaseName(String database, String field) {
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw ApiProblem.badRequest(field, "'" + database + "' is not a valid database name",
          "use letters, digits and '_', starting with a letter or '_', at most 63 characters ("
              + DATABASE_NAME.pattern() + ")");
    }
    return database;
  }

  /** Namespaces of a Kubernetes restore: {@code from=to[,from=to]}, or one name for a target of one namespace. */
  private static String namespaces(String into, String field) {
    String namespace = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    if (!into.matches(namespace) && !into.matches(namespace + "=" + namespace + "(," + namespace + "=" + namespace
        + ")*")) {
      throw ApiProblem.badRequest(field, "'" + into + "' is not a namespace mapping",
          "give from=to[,from=to] (e.g. shop=shop-restored), or one namespace name for a target of one namespace");
    }
    return into;
  }

  /** An absolute directory written plainly: no '.' or '..' parts, no doubled or trailing '/'. */
  private static String directory(String directory, String field) {
    boolean plain = directory.startsWith("/") && directory.indexOf('\0') < 0
        && (directory.equals("/") || !directory.endsWith("/"));
    if (plain) {
      try {
        plain = Path.of(directory).normalize().toString().equals(directory);
      } catch (InvalidPathException e) {
        plain = false;
      }
    }
    if (!plain || directory.equals("/")) {
      throw ApiProblem.badRequest(field, "'" + directory + "' is not a directory to restore into",
          "give an absolute directory such as /srv/restore (no '.' or '..' parts), or leave " + field
              + " out to restore to the original paths");
    }
    return directory;
  }

  /**
   * A destination named in {@code to} must be declared, for the target's kind; a server given by
   * host only makes sense for kinds reached over the network with the target's credentials.
   */
  private void checkDestination(StartRestore body, String server, String target, TargetConfig declared) {
    if (server == null) {
      return;
    }
    if (body.to() == null) {
      if (!(declared instanceof PostgresTargetConfig)) {
        throw ApiProblem.badRequest("toHost", "target '" + target + "' is of kind " + declared.kind() + ", which"
            + " cannot be restored onto a bare host", declared instanceof RedisTargetConfig
            ? "declare the server under destinations: (kind: redis, with its restore: section) and give to"
            : "give into (a directory of the machine), or to (a destination of kind " + declared.kind() + ")");
      }
      return;
    }
    DestinationConfig destination = destinations.get(server);
    if (destination == null) {
      throw ApiProblem.badRequest("to", "unknown destination '" + server + "'", (destinations.isEmpty()
          ? "no destinations are declared" : "declared destinations: " + String.join(", ", destinations.keySet()))
          + "; add it under destinations: in the configuration");
    }
    if (!destination.kind().equals(declared.kind())) {
      List<String> sameKind = destinations.entrySet().stream()
          .filter(e -> e.getValue().kind().equals(declared.kind())).map(Map.Entry::getKey).toList();
      throw ApiProblem.badRequest("to", "destination '" + server + "' is of kind " + destination.kind()
          + " and target '" + target + "' is of kind " + declared.kind(), "restore onto a destination of kind "
          + declared.kind() + (sameKind.isEmpty() ? " (none is declared)" : ": " + String.join(", ", sameKind)));
    }
    if (body.into() != null && body.to() != null && (declared instanceof FilesTargetConfig
        || declared instanceof ConfigTargetConfig)) {
      throw ApiProblem.badRequest("into", "destination '" + server + "' is a directory already",
          "give into or to, not both");
    }
  }

  /** One tenant, restored into the target's own database beside the others, or into another database. */
  private RestoreRequest parseTenant(StartRestore body, String target, TargetConfig declared, String server,
      String requestedBy) {
    TenantNames.requirePostgres(target, declared, "schema");
    String schema = TenantNames.schema(body.schema().strip(), "schema");
    String into = given(body);
    String database = into == null ? null : databaseName(into, body.into() != null ? "into" : "database");
    String backup = required(body.backup(), "backup", BACKUP_FORMS);
    checkTenantBackupExists(target, schema, backup);
    return request(body, new TargetRef(target, schema), backup, database, server, requestedBy);
  }

  private RestoreRequest request(StartRestore body, TargetRef source, String backup, String into, String server,
      String requestedBy) {
    return new RestoreRequest(source, backup, into, Boolean.TRUE.equals(body.replace()),
        Boolean.TRUE.equals(body.keepReplaced()), incidentAt(body.incidentAt()), requestedBy, null, false,
        server, skipRoles(body.roles()), Boolean.TRUE.equals(body.noOwner()));
  }

  /** A configured destination's name, {@code host:port}, or null for the target's own server. */
  private static String server(StartRestore body) {
    if (body.to() != null && body.toHost() != null) {
      throw ApiProblem.badRequest("to", "both to and toHost are given",
          "give to (a destination declared in the configuration) or toHost (and toPort), not both");
    }
    if (body.toPort() != null && body.toHost() == null) {
      throw ApiProblem.badRequest("toPort", "toPort is given without toHost", "add toHost, or leave out toPort");
    }
    if (body.to() != null) {
      String name = required(body.to(), "to", "name a destination declared under destinations: in the configuration");
      if (!DESTINATION_NAME.matcher(name).matches()) {
        throw ApiProblem.badRequest("to", "'" + name + "' is not a destination name",
            "use the name of a destination declared under destinations: (" + DESTINATION_NAME.pattern() + ")");
      }
      return name;
    }
    if (body.toHost() == null) {
      return null;
    }
    String host = required(body.toHost(), "toHost", "give the host name or address of the server to restore onto");
    if (!HOST.matcher(host).matches()) {
      throw ApiProblem.badRequest("toHost", "'" + host + "' is not a host name or address",
          "give a DNS name, an IPv4 address or a bracketed IPv6 address");
    }
    if (body.toPort() != null && (body.toPort() < 1 || body.toPort() > 65535)) {
      throw ApiProblem.badRequest("toPort", "port " + body.toPort() + " is out of range", "use 1 to 65535");
    }
    return host + ":" + (body.toPort() == null ? "" : body.toPort());
  }

  private static boolean skipRoles(String roles) {
    if (roles == null || roles.strip().equals("create")) {
      return false;
    }
    if (roles.strip().equals("skip")) {
      return true;
    }
    throw ApiProblem.badRequest("roles", "'" + roles + "' is not a way to handle missing roles",
        "use \"create\" (create the roles the data needs that the destination lacks) or \"skip\" (refuse instead)");
  }

  private void checkTenantBackupExists(String target, String schema, String backup) {
    String tenant = "schema '" + schema + "' of target '" + target + "'";
    if (backup.equals(LATEST)) {
      orNoBackup(catalog.latestSchemaBackup(target, SourceKinds.PG_SCHEMA, schema),
          tenant + " has no completed backup");
    } else if (backup.startsWith(BEFORE)) {
      Instant before = instant(backup.substring(BEFORE.length()), "backup");
      orNoBackup(catalog.latestSchemaBackupBefore(target, SourceKinds.PG_SCHEMA, schema, before),
          tenant + " has no completed backup with a recovery point at or before " + before);
    } else {
      BackupEntry found = backups.require(backup, "backup");
      if (!found.target().equals(target) || !schema.equals(found.schema())) {
        throw ApiProblem.badRequest("backup", "backup '" + backup + "' is not a backup of " + tenant,
            "list the tenant's backups with GET /api/v1/backups?target=" + target + "&schema=" + schema);
      }
    }
  }

  private void checkBackupExists(String target, String backup) {
    if (backup.equals(LATEST)) {
      orNoBackup(catalog.latestBackup(target), "target '" + target + "' has no completed backup");
    } else if (backup.startsWith(BEFORE)) {
      Instant before = instant(backup.substring(BEFORE.length()), "backup");
      orNoBackup(catalog.latestBackupBefore(target, before),
          "target '" + target + "' has no completed backup with a recovery point at or before " + before);
    } else {
      BackupEntry found = backups.require(backup, "backup");
      if (!found.target().equals(target)) {
        throw ApiProblem.badRequest("backup", "backup '" + backup + "' is of target '" + found.target()
            + "', not '" + target + "'", "restore it with \"target\": \"" + found.target() + "\"");
      }
    }
  }

  private static void orNoBackup(Optional<BackupEntry> backup, String error) {
    if (backup.isEmpty()) {
      throw ApiProblem.notFound("backup", error, "list backups with GET /api/v1/backups, or " + BACKUP_FORMS);
    }
  }

  private Instant incidentAt(String value) {
    if (value == null) {
      return null;
    }
    Instant incidentAt = instant(value, "incidentAt");
    if (incidentAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
      throw ApiProblem.badRequest("incidentAt", "incidentAt " + incidentAt + " is in the future",
          "give the time the incident was declared, or leave it out to use the restore's start");
    }
    return incidentAt;
  }

  private static Instant instant(String value, String field) {
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest(field, "'" + value + "' is not an instant", "use " + INSTANT_EXAMPLE);
    }
  }

  private static String required(String value, String field, String hint) {
    if (value == null || value.isBlank()) {
      throw ApiProblem.badRequest(field, field + " is required", hint);
    }
    return value.strip();
  }
}
