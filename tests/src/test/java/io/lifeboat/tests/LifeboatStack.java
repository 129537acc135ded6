package io.lifeboat.tests;

import com.codahale.metrics.MetricRegistry;
import io.lifeboat.activities.postgres.PostgresServer;
import io.lifeboat.api.temporal.TemporalConnection;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.LifeboatConfigLoader;
import io.lifeboat.config.LifeboatConfiguration;
import io.lifeboat.worker.LifeboatWorker;
import io.lifeboat.worker.embedded.EmbeddedPostgres15;
import io.lifeboat.worker.embedded.EmbeddedStack;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real thing, started by the tests: the Temporal dev server shared by the test JVM (a namespace
 * of this stack's own), S3Proxy over a temp folder, a private PostgreSQL 15 cluster, and a
 * Lifeboat worker in this JVM.
 */
final class LifeboatStack implements AutoCloseable {
  final EmbeddedStack embedded;
  final LifeboatConfiguration config;
  final LifeboatWorker worker;
  final TemporalConnection temporal;
  final Catalog catalog;

  private LifeboatStack(EmbeddedStack embedded, LifeboatConfiguration config, LifeboatWorker worker,
      TemporalConnection temporal, Catalog catalog) {
    this.embedded = embedded;
    this.config = config;
    this.worker = worker;
    this.temporal = temporal;
    this.catalog = catalog;
  }

  /** Starts everything with one PostgreSQL target per name, each on a database of that name. */
  static LifeboatStack start(Path dir, List<String> targets) throws Exception {
    return start(dir, targets, true);
  }

  /** As {@link #start(Path, List)}; without starting the in-process worker when a test brings its own. */
  static LifeboatStack start(Path dir, List<String> targets, boolean startWorker) throws Exception {
    return start(dir, targets, LifeboatWorker.Role.ALL, startWorker);
  }

  /** As {@link #start(Path, List)}, with the in-process worker in the given role. */
  static LifeboatStack start(Path dir, List<String> targets, LifeboatWorker.Role role) throws Exception {
    return start(dir, targets, role, true, "");
  }

  /** As {@link #start(Path, List)}, with more targets of any kind: YAML entries indented under {@code targets:}. */
  static LifeboatStack start(Path dir, List<String> targets, String moreTargets) throws Exception {
    return start(dir, targets, LifeboatWorker.Role.ALL, true, moreTargets);
  }

  private static LifeboatStack start(Path dir, List<String> targets, LifeboatWorker.Role role, boolean startWorker)
      throws Exception {
    return start(dir, targets, role, startWorker, "");
  }

  /** As {@link #start(Path, List)}, with {@code destinations:}: YAML entries indented under it. */
  static LifeboatStack withDestinations(Path dir, List<String> targets, String destinations) throws Exception {
    return start(dir, targets, LifeboatWorker.Role.ALL, true, "", embedded -> "destinations:\n" + destinations);
  }

  /** As {@link #start(Path, List, String)}, with more top-level configuration (YAML) appended. */
  static LifeboatStack start(Path dir, List<String> targets, String moreTargets, String moreConfiguration)
      throws Exception {
    return start(dir, targets, LifeboatWorker.Role.ALL, true, moreTargets, embedded -> moreConfiguration);
  }

  /**
   * As {@link #start(Path, List)}, with test restores on the embedded server itself (as {@code
   * verification.scratchServer}) instead of a private cluster: for tests that reach into them.
   */
  static LifeboatStack withTestRestoresOnTheEmbeddedServer(Path dir, List<String> targets) throws Exception {
    return start(dir, targets, LifeboatWorker.Role.ALL, true, "", embedded -> "verification:\n  scratchServer: {host: 127.0.0.1, port: " + embedded.postgres().port() + ", user: " + EmbeddedPostgres15.USER
        + "}\n");
  }

  private static LifeboatStack start(Path dir, List<String> targets, LifeboatWorker.Role role, boolean startWorker,
      String moreTargets) throws Exception {
    return start(dir, targets, role, startWorker, moreTargets, embedded -> "");
  }

  /** {@code moreConfiguration}: top-level YAML appended to the configuration, made once the embedded stack runs. */
  private static LifeboatStack start(Path dir, List<String> targets, LifeboatWorker.Role role, boolean startWorker,
      String moreTargets, java.util.function.Function<EmbeddedStack, String> moreConfiguration) throws Exception {
    EmbeddedStack embedded = EmbeddedStack.start(dir.resolve("stack"), dir.resolve("keys"), SharedTemporal.server(),
        SharedTemporal.newNamespace());
    for (String target : targets) {
      embedded.postgres().createDatabase(target);
    }
    embedded.declareTargets(targets.stream().map(t -> new EmbeddedStack.Target(t, t, "1h", "15m")).toList(),
        moreTargets);
    String more = moreConfiguration.apply(embedded);
    if (!more.isBlank()) {
      Files.writeString(embedded.configFile(), "\n" + more, StandardOpenOption.APPEND);
    }
    LifeboatConfiguration config = LifeboatConfigLoader.load(embedded.configFile());
    LifeboatWorker worker = new LifeboatWorker(config, new MetricRegistry(), role);
    if (startWorker) {
      worker.start();
    }
    PGSimpleDataSource catalogDb = new PGSimpleDataSource();
    catalogDb.setUrl(embedded.postgres().jdbcUrl(EmbeddedStack.CATALOG_DATABASE));
    catalogDb.setUser(EmbeddedPostgres15.USER);
    Catalog.migrate(catalogDb);
    return new LifeboatStack(embedded, config, worker, TemporalConnection.open(config.getTemporal()),
        new Catalog(catalogDb));
  }

  WorkflowClient client() {
    return temporal.client();
  }

  <T> T workflow(Class<T> type, String workflowId) {
    return client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setTaskQueue(config.getTemporal().getTaskQueue()).setWorkflowId(workflowId).build());
  }

  PostgresServer server() {
    return new PostgresServer("127.0.0.1", embedded.postgres().port(), EmbeddedPostgres15.USER, null, null);
  }

  /** Where S3Proxy keeps an object of the bucket on disk. */
  Path storedFile(String key) {
    Path file = embedded.home().resolve("s3").resolve(EmbeddedStack.BUCKET).resolve(key);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no stored object at " + file);
    }
    return file;
  }

  @Override
  public void close() throws Exception {
    worker.stop();
    temporal.stop();
    embedded.close();
  }
}
