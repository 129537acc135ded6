package io.lifeboat.activities.hooks;

import io.lifeboat.activities.postgres.PostgresServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One hook around a target's backups, as the worker's configuration declares it. What a hook runs
 * may hold secrets (a token in a header, a password in an argument): it stays in the worker and
 * is never logged; only its outcome leaves.
 */
public sealed interface Hook {
  /** How long it may run before it is stopped and has failed. */
  Duration timeout();

  /** {@code command}, {@code http} or {@code sql}, for its outcome. */
  String type();

  /** A program and its arguments, run without a shell, with {@code environment} and nothing of the worker's. */
  record Command(List<String> argv, Map<String, String> environment, Duration timeout) implements Hook {
    public Command {
      argv = List.copyOf(argv);
      environment = Map.copyOf(environment);
    }

    public Command(List<String> argv, Duration timeout) {
      this(argv, Map.of(), timeout);
    }

    @Override
    public String type() {
      return "command";
    }

    @Override
    public String toString() {
      return "command hook"; // what it runs may hold secrets
    }
  }

  /** A request without a body that succeeds when answered with {@code expectStatus}. */
  record Http(String method, URI url, int expectStatus, Map<String, String> headers, Duration timeout)
      implements Hook {
    public Http {
      headers = Map.copyOf(headers);
    }

    @Override
    public String type() {
      return "http";
    }

    @Override
    public String toString() {
      return "http hook"; // what it runs may hold secrets
    }
  }

  /** SQL run on {@code database} of the target's server, as the target's user. */
  record Sql(String sql, PostgresServer server, String database, Duration timeout) implements Hook {
    @Override
    public String type() {
      return "sql";
    }

    @Override
    public String toString() {
      return "sql hook"; // what it runs may hold secrets
    }
  }
}
