package io.lifeboat.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class CatalogMigrationTest {
  @Test
  void migratesAnEmptyDatabase() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();

    Catalog.migrate(dataSource);

    assertThat(tables(dataSource)).contains("backups", "runs", "targets", "audit");
    // later migrations (V3, ...) come from other features; 1 and 2 must come first, in order
    assertThat(appliedVersions(dataSource)).startsWith("1", "2");
  }

  @Test
  void migratingAgainChangesNothing() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    List<String> once = appliedVersions(dataSource);

    Catalog.migrate(dataSource);

    assertThat(appliedVersions(dataSource)).isEqualTo(once);
  }

  @Test
  void anUnreachableDatabaseNamesTheServerAndWhatToCheck() throws IOException {
    int closedPort = freePort();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/lifeboat");
    dataSource.setConnectTimeout(5);

    assertThatThrownBy(() -> Catalog.migrate(dataSource))
        .isInstanceOf(CatalogUnavailableException.class)
        .hasMessageStartingWith("Cannot use the catalog database at 127.0.0.1:" + closedPort + " (database lifeboat): ")
        .hasMessageContaining("Connection to 127.0.0.1:" + closedPort + " refused")
        .hasMessageEndingWith(
            "Check that PostgreSQL is running and listening on that host and port (catalog.url),"
                + " that no firewall blocks the port, and that the server accepts TCP/IP"
                + " connections (listen_addresses).");
  }

  @Test
  void anUnreachableDatabaseBehindDropwizardsPoolIsNamedToo() throws Exception {
    int closedPort = freePort();
    DataSourceFactory factory = new DataSourceFactory();
    factory.setDriverClass("org.postgresql.Driver");
    factory.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/lifeboat");
    ManagedDataSource dataSource = factory.build(new MetricRegistry(), "catalog");
    try {
      assertThatThrownBy(() -> Catalog.migrate(dataSource))
          .isInstanceOf(CatalogUnavailableException.class)
          .hasMessageStartingWith(
              "Cannot use the catalog database at 127.0.0.1:" + closedPort + " (database lifeboat): ");
    } finally {
      dataSource.stop();
    }
  }

  @Test
  void aMissingDatabaseSaysToCreateIt() {
    EmbeddedPostgresFixture.Database existing = EmbeddedPostgresFixture.newDatabase();
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl("jdbc:postgresql://" + existing.host() + ":" + existing.port() + "/no_such_catalog");
    dataSource.setUser(EmbeddedPostgresFixture.USER);

    assertThatThrownBy(() -> Catalog.migrate(dataSource))
        .isInstanceOf(CatalogUnavailableException.class)
        .hasMessage(
            "Cannot use the catalog database at " + existing.host() + ":" + existing.port()
                + " (database no_such_catalog): FATAL: database \"no_such_catalog\" does not exist."
                + " Create the database on the server or fix its name in catalog.url.");
  }

  private static List<String> tables(DataSource dataSource) {
    return Jdbi.create(dataSource)
        .withHandle(
            handle ->
                handle
                    .createQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                    .mapTo(String.class)
                    .list());
  }

  private static List<String> appliedVersions(DataSource dataSource) {
    return Jdbi.create(dataSource)
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")
                    .mapTo(String.class)
                    .list());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
