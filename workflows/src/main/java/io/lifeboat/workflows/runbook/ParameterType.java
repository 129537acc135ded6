package io.lifeboat.workflows.runbook;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a runbook parameter's value may be, checked when a run starts: a value that reaches a
 * database name, a host, a path or a URL is one of those and nothing more, so it cannot carry a
 * connection string, a shell word or a second command. {@code text} (the default) is checked by
 * nothing and belongs only where any text is harmless (a message, a reason).
 */
public enum ParameterType {
  TEXT("text", "any text"),
  IDENTIFIER("identifier", "a database, schema or role name: letters, digits, '_', '$' and '-', starting with a "
      + "letter or '_', at most 63 characters"),
  HOSTNAME("hostname", "a host name or IP address such as db.internal or 10.0.0.5, without a port"),
  HOST_PORT("host_port", "host:port such as db.internal:5432"),
  URL("url", "an absolute URL such as https://app.internal/health or jdbc:postgresql://db:5432/app, without "
      + "spaces, quotes or control characters; a JDBC URL may set only " + String.join(", ", Checks.JDBC_OPTIONS)),
  DURATION("duration", RunbookDurations.EXPECTED),
  PATH("path", "an absolute path such as /etc/lifeboat/migrations, without '..' or control characters"),
  BACKUP("backup", "latest, a backup id such as 20260131T030000Z-1a2b3c, or 'before <ISO-8601 instant>'");

  private final String yamlName;
  private final String rule;

  ParameterType(String yamlName, String rule) {
    this.yamlName = yamlName;
    this.rule = rule;
  }

  /** As written after {@code type:} in a runbook. */
  public String yamlName() {
    return yamlName;
  }

  /** What a value of this type looks like, for messages and documentation. */
  public String rule() {
    return rule;
  }

  /** Every type's name, for the parser's message on an unknown one. */
  public static String names() {
    return Arrays.stream(values()).map(ParameterType::yamlName).collect(Collectors.joining(", "));
  }

  public static Optional<ParameterType> of(String yamlName) {
    return Arrays.stream(values()).filter(t -> t.yamlName.equals(yamlName)).findFirst();
  }

  /** Whether {@code value} is one of this type. */
  public boolean accepts(String value) {
    if (value == null) {
      return false;
    }
    return switch (this) {
      case TEXT -> true;
      case IDENTIFIER -> Checks.IDENTIFIER.matcher(value).matches();
      case HOSTNAME -> Checks.host(value);
      case HOST_PORT -> Checks.hostPort(value);
      case URL -> Checks.url(value);
      case DURATION -> RunbookDurations.parse(value).isPresent();
      case PATH -> Checks.PATH.matcher(value).matches() && !("/" + value + "/").contains("/../")
          && !("/" + value + "/").contains("/./");
      case BACKUP -> Checks.backup(value);
    };
  }

  /** The rules, apart so that the enum's constants can name them. No I/O: this runs in workflow code too. */
  private static final class Checks {
    static final List<String> JDBC_OPTIONS = List.of("sslmode", "ssl", "connectTimeout", "socketTimeout",
        "loginTimeout", "ApplicationName", "currentSchema", "targetServerType");
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");
    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");
    static final Pattern PATH = Pattern.compile("/[^\\x00-\\x1f\\x7f]*");
    static final Pattern BACKUP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** A scheme, then no whitespace, control character, quote, backslash or angle bracket. */
    static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s\\x00-\\x1f\\x7f\"'`<>\\\\{}|^]+");
    static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^/?#]+)(/[^?#]*)?(\\?[^#]*)?");

    static boolean host(String value) {
      if (IPV6.matcher(value).matches()) {
        return true;
      }
      return value.length() <= 253 && !value.isEmpty()
          && Arrays.stream(value.split("\\.", -1)).allMatch(label -> LABEL.matcher(label).matches());
    }

    static boolean hostPort(String value) {
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || !value.substring(colon + 1).matches("[0-9]{1,5}")) {
        return false;
      }
      int port = Integer.parseInt(value.substring(colon + 1));
      return port >= 1 && port <= 65535 && host(value.substring(0, colon));
    }

    static boolean url(String value) {
      if (!URL.matcher(value).matches()) {
        return false;
      }
      if (!value.toLowerCase(Locale.ROOT).startsWith("jdbc:")) {
        return true;
      }
      // pgjdbc options can name classes to load and files to write: only harmless ones are let through
      var jdbc = JDBC.matcher(value);
      if (!jdbc.matches() || !Arrays.stream(jdbc.group(1).split(",")).allMatch(Checks::hostOrHostPort)) {
        return false;
      }
      Set<String> options = jdbc.group(3) == null ? Set.of() : Arrays.stream(jdbc.group(3).substring(1).split("&"))
          .filter(option -> !option.isEmpty())
          .map(option -> option.contains("=") ? option.substring(0, option.indexOf('=')) : option)
          .collect(Collectors.toSet());
      return JDBC_OPTIONS.containsAll(options);
    }

    static boolean hostOrHostPort(String value) {
      return host(value) || hostPort(value);
    }

    static boolean backup(String value) {
      if (value.startsWith("before ")) {
        try {
          Instant.parse(value.substring("before ".length()).trim());
          return true;
        } catch (DateTimeParseException e) {
          return false;
        }
      }
      return value.equals("latest") || BACKUP_ID.matcher(value).matches();
    }
  }
}
