package io.lifeboat.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lifeboat.api.errors.ApiProblem;
import io.lifeboat.api.testing.CatalogRows;
import io.lifeboat.api.wire.StartRestore;
import io.lifeboat.catalog.Catalog;
import io.lifeboat.config.ConfigTargetConfig;
import io.lifeboat.config.DestinationConfig;
import io.lifeboat.config.FilesDestinationConfig;
import io.lifeboat.config.FilesTargetConfig;
import io.lifeboat.config.EtcdTargetConfig;
import io.lifeboat.config.KubernetesTargetConfig;
import io.lifeboat.config.PostgresClusterTargetConfig;
import io.lifeboat.config.PostgresDestinationConfig;
import io.lifeboat.config.PostgresTargetConfig;
import io.lifeboat.config.RedisTargetConfig;
import io.lifeboat.config.TargetConfig;
import io.lifeboat.testing.EmbeddedPostgresFixture;
import io.lifeboat.workflows.restore.RestoreRequest;
import io.lifeboat.workflows.restore.RestoreWorkflow;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a restore request means for each kind of target ({@code into}: a database, a directory,
 * nothing) and where it goes ({@code to}: a declared destination of the target's kind), checked
 * against a real catalog before anything starts; every refusal names its field and the fix.
 */
class RestoreDestinationsTest {
  private static RestoreRequestParser parser;

  @BeforeAll
  static void catalog() {
    DataSource dataSource = EmbeddedPostgresFixture.newDatabase().dataSource();
    Catalog.migrate(dataSource);
    Catalog catalog = new Catalog(dataSource);
    for (String target : new String[] {"orders", "docs", "settings", "cache", "control-plane", "shop"}) {
      CatalogRows.backup(catalog, "20260101T000000Z-" + target, target, Instant.now().minusSeconds(600));
    }
    Map<String, TargetConfig> targets = Map.of("orders", new PostgresTargetConfig(), "docs", new FilesTargetConfig(),
        "settings", new ConfigTargetConfig(), "cache", new RedisTargetConfig(), "main",
        new PostgresClusterTargetConfig(), "control-plane", new EtcdTargetConfig(),
        "shop", new KubernetesTargetConfig());
    FilesDestinationConfig drFiles = new FilesDestinationConfig();
    drFiles.setDirectory("/mnt/dr/docs");
    Map<String, DestinationConfig> destinations = Map.of("standby", new PostgresDestinationConfig(),
        "dr-files", drFiles);
    parser = new RestoreRequestParser(new KnownTargets(targets), destinations, catalog, Clock.systemUTC());
  }

  @Test
  void aPostgresRestoreGoesIntoADatabaseOnADestination() {
    RestoreRequest request = parse(body("orders", null, "orders_dr", "standby"));

    assertThat(request.into()).isEqualTo("orders_dr");
    assertThat(request.to()).isEqualTo("standby");
    assertThat(RestoreWorkflow.workflowId(request)).isEqualTo("restore:orders:orders_dr@standby");
    assertThat(parse(body("orders", "orders_dr", null, null)).into()).as("database, the older name").isEqualTo("orders_dr");
    assertThat(parse(body("orders", null, null, "standby")).into()).as("the target's own database name").isNull();
  }

  @Test
  void aFileSetGoesIntoADirectoryOrItsDestinationsDirectoryOrItsOriginalPaths() {
    assertThat(parse(body("docs", null, "/srv/restore/docs", null)).into()).isEqualTo("/srv/restore/docs");
    assertThat(parse(body("settings", null, null, null)).into()).isNull();
    RestoreRequest dr = parse(body("docs", null, null, "dr-files"));
    assertThat(dr.destination().server()).isEqualTo("dr-files");
    assertThat(dr.destination().place()).isNull();
  }

  @Test
  void aDirectoryMustBeAbsoluteAndPlain() {
    for (String directory : new String[] {"srv/restore", "/srv/../etc", "/srv/./x", "/srv//x", "/srv/x/", "/"}) {
      ApiProblem refused = refusal(body("docs", null, directory, null));

      assertThat(refused.body().field()).as(directory).isEqualTo("into");
      assertThat(refused.body().error()).isEqualTo("'" + directory + "' is not a directory to restore into");
      assertThat(refused.body().hint()).isEqualTo("give an absolute directory such as /srv/restore (no '.' or '..' parts),"
          + " or leave into out to restore to the original paths");
    }
  }

  @Test
  void aKubernetesRestoreGoesIntoRenamedNamespaces() {
    assertThat(parse(body("shop", null, "shop=shop-dr,pay=pay-dr", null)).into()).isEqualTo("shop=shop-dr,pay=pay-dr");
    assertThat(parse(body("shop", null, "shop-dr", null)).into()).isEqualTo("shop-dr");

    ApiProblem refused = refusal(body("shop", null, "shop=Shop_DR", null));
    assertThat(refused.body().field()).isEqualTo("into");
    assertThat(refused.body().error()).isEqualTo("'shop=Shop_DR' is not a namespace mapping");
  }

  @Test
  void aRedisTargetTakesNoPlace() {
    ApiProblem refused = refusal(body("cache", null, "/var/lib/redis", null));

    assertThat(refused.body().field()).isEqualTo("into");
    assertThat(refused.body().error()).isEqualTo("target 'cache' is of kind redis, which is restored into a whole server,"
        + " not into '/var/lib/redis'");
    assertThat(parse(body("cache", null, null, null)).into()).isNull();
  }

  @Test
  void anEtcdTargetGoesIntoANewDataDirectoryOrItsConfiguredOne() {
    assertThat(parse(body("control-plane", null, "/var/lib/etcd-restored", null)).into())
        .isEqualTo("/var/lib/etcd-restored");
    assertThat(parse(body("control-plane", null, null, null)).into()).isNull();
    assertThat(refusal(body("control-plane", null, "etcd-restored", null)).body().error())
        .isEqualTo("'etcd-restored' is not a directory to restore into");
  }

  @Test
  void aClusterIsRecoveredNotRestored() {
    ApiProblem refused = refusal(body("main", null, null, "standby"));

    assertThat(refused.body().field()).isEqualTo("target");
    assertThat(refused.body().hint()).isEqualTo("use POST /api/v1/recoveries");
  }

  @Test
  void anUnknownDestinationListsTheDeclaredOnes() {
    ApiProblem refused = refusal(body("orders", null, "orders_dr", "standy"));

    assertThat(refused.body().field()).isEqualTo("to");
    assertThat(refused.body().error()).isEqualTo("unknown destination 'standy'");
    assertThat(refused.body().hint()).isEqualTo("declared destinations: dr-files, standby; add it under destinations: in"
        + " the configuration");
  }

  @Test
  void aDestinationOfAnotherKindNamesBothKinds() {
    ApiProblem refused = refusal(body("docs", null, null, "standby"));

    assertThat(refused.body().field()).isEqualTo("to");
    assertThat(refused.body().error()).isEqualTo("destination 'standby' is of kind postgres and target 'docs' is of kind"
        + " files");
    assertThat(refused.body().hint()).isEqualTo("restore onto a destination of kind files: dr-files");
  }

  @Test
  void aBareHostIsForPostgresOnly() {
    StartRestore toHost = new StartRestore("docs", "latest", null, null, null, null, null, null, "db2", null, null,
        null, null);

    ApiProblem refused = refusal(toHost);

    assertThat(refused.body().field()).isEqualTo("toHost");
    assertThat(refused.body().error()).isEqualTo("target 'docs' is of kind files, which cannot be restored onto a bare host");
  }

  @Test
  void intoAndDatabaseMustAgree() {
    StartRestore both = new StartRestore("orders", "latest", "orders_a", null, null, null, null, null, null, null,
        null, null, "orders_b");

    assertThat(refusal(both).body().error()).isEqualTo("into ('orders_b') and database ('orders_a') differ");
  }

  private static StartRestore body(String target, String database, String into, String to) {
    return new StartRestore(target, "latest", database, null, null, null, null, to, null, null, null, null, into);
  }

  private static RestoreRequest parse(StartRestore body) {
    return parser.parse(body, "test-operator");
  }

  private static ApiProblem refusal(StartRestore body) {
    ApiProblem refused = catchThrowableOfType(() -> parse(body), ApiProblem.class);
    assertThat(refused).as("refused").isNotNull();
    return refused;
  }
}
