package io.lifeboat.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.embedded.TemporalDevServer;
import io.lifeboat.workflows.common.RunAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The compose stack's one-shot scripts, run as their containers run them but against real servers
 * started here: the catalog's init script on a private PostgreSQL cluster (as the postgres image
 * runs it), the namespace setup with the Temporal CLI against the Temporal dev server (as the
 * admin-tools image runs it). Both twice where compose runs them at every start. The schema setup
 * (temporal-sql-tool, only in Temporal's admin-tools image) is not run here.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ComposeSetupScriptsTest {
  private static final Path COMPOSE_DIR = DeployFiles.DEPLOY.resolve("compose");

  @Test
  void theCatalogInitScriptMakesTheDatabaseAndLoginLifeboatsConfigurationUses(@TempDir Path dir) throws Exception {
    LifeboatConfiguration lifeboat = DeployFiles.loadConfiguration(COMPOSE_DIR.resolve("lifeboat.yml"));
    String password = "it's a $secret";
    try (PrivateCluster cluster = PrivateCluster.create(dir, List.of())) {
      Files.writeString(cluster.dataDirectory.resolve("pg_hba.conf"), """
          host all postgres 127.0.0.1/32 trust
          host all all 127.0.0.1/32 scram-sha-256
          """);
      cluster.start();

      Shell.Result init = script("postgres/create-lifeboat-catalog.sh", Map.of("PGHOST", "127.0.0.1",
          "PGPORT", Integer.toString(cluster.port), "POSTGRES_USER", "postgres", "CATALOG_PASSWORD", password));
      assertThat(init.exit()).as(init.output()).isZero();

      String url = lifeboat.getCatalog().getUrl().replace("postgresql:5432", "127.0.0.1:" + cluster.port);
      PGSimpleDataSource catalog = new PGSimpleDataSource();
      catalog.setUrl(url);
      catalog.setUser(lifeboat.getCatalog().getUser());
      catalog.setPassword(password);
      Catalog.migrate(catalog); // Lifeboat creates its tables as that user at start-up
      assertThat(cluster.query("SELECT datdba::regrole::text FROM pg_database WHERE datname = 'lifeboat'"))
          .isEqualTo(lifeboat.getCatalog().getUser());
      assertThatThrownBy(() -> DriverManager.getConnection(url, lifeboat.getCatalog().getUser(), "wrong").close())
          .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }
  }

  @Test
  void theNamespaceSetupMakesLifeboatsNamespaceWithItsSearchAttributesAndRunsAgainCleanly() throws Exception {
    SharedTemporal.requireRealServer();
    String target = SharedTemporal.server().target();
    Path cli = TemporalDevServer.binary().orElseThrow();
    LifeboatConfiguration lifeboat = DeployFiles.loadConfiguration(COMPOSE_DIR.resolve("lifeboat.yml"));
    Map<String, String> environment = Map.of("TEMPORAL_ADDRESS", target,
        "PATH", cli.getParent() + ":" + System.getenv("PATH"));

    for (int run = 1; run <= 2; run++) {
      Shell.Result setup = script("temporal/create-namespace.sh", environment);
      assertThat(setup.exit()).as("run %d: %s", run, setup.output()).isZero();
    }

    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setTarget(target).validateAndBuildWithDefaults());
    try {
      String namespace = lifeboat.getTemporal().getNamespace();
      assertThat(stubs.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace)
          .build()).getNamespaceInfo().getName()).isEqualTo(namespace);
      Map<String, IndexedValueType> attributes = operator.blockingStub().listSearchAttributes(
          ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build()).getCustomAttributesMap();
      RunAttributes.ALL.forEach(key -> assertThat(attributes).containsEntry(key.getName(), key.getValueType()));
    } finally {
      operator.shutdownNow();
      stubs.shutdownNow();
    }
  }

  private static Shell.Result script(String name, Map<String, String> environment) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("sh", COMPOSE_DIR.resolve(name).toString()).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    return new Shell.Result(process.waitFor(), output);
  }
}
