package io.lifeboat.api.resources;

import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.workflows.sources.SourceKinds;
import java.util.regex.Pattern;

/** Checks on the tenant (schema) fields of a request, each refusal naming the field. */
final class TenantNames {
  /** A schema name as written in SQL without quotes; the one form tenant backups take. */
  static final Pattern SCHEMA_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_$]{0,62}$");
  /** A glob over schema names: {@code *} any characters, {@code ?} one. */
  static final Pattern SCHEMA_GLOB = Pattern.compile("^[A-Za-z0-9_$*?]{1,63}$");

  private TenantNames() {}

  static String schema(String value, String field) {
    if (!SCHEMA_NAME.matcher(value).matches()) {
      throw ApiProblem.badRequest(field, "'" + value + "' is not a schema name",
          "write it as in SQL without quotes: letters, digits, '_' and '$', starting with a letter or '_'");
    }
    return value;
  }

  static String glob(String value, String field) {
    if (!SCHEMA_GLOB.matcher(value).matches()) {
      throw ApiProblem.badRequest(field, "'" + value + "' is not a pattern of schema names",
          "use letters, digits, '_', '$', '*' for any characters and '?' for one, e.g. \"tenant_*\"");
    }
    return value;
  }

  /** Only PostgreSQL targets have schemas. */
  static void requirePostgres(String target, TargetConfig declared, String field) {
    if (!declared.kind().equals(SourceKinds.POSTGRES)) {
      throw ApiProblem.badRequest(field, "target '" + target + "' is of kind " + declared.kind()
          + "; only PostgreSQL targets have schemas", "leave out " + field);
    }
  }
}
